// The entered patient fields of a case and its version, as the case form shows them when a
// coordinator opens it: what the load and fault suites send back in their saves.
import type pg from "pg";

const ENTERED_PATIENT_COLUMNS: readonly [field: string, column: string][] = [
  ["studyId", "study_id"], ["diagnosisYear", "diagnosis_year"], ["ageAtDiagnosis", "age_at_diagnosis"], ["sex", "sex"],
  ["menopausalStatus", "menopausal_status"], ["histologicType", "histologic_type"], ["grade", "grade"], ["tumourSizeMm", "tumour_size_mm"],
  ["tCategory", "t_category"], ["nCategory", "n_category"], ["mCategory", "m_category"], ["stageGroup", "stage_group"],
  ["erPercent", "er_percent"], ["prPercent", "pr_percent"], ["ki67Percent", "ki67_percent"], ["germlineBrca", "germline_brca"],
  ["diseaseSetting", "disease_setting"], ["daysToMetastasis", "days_to_metastasis"], ["vitalStatus", "vital_status"],
  ["daysToDeath", "days_to_death"], ["daysToLastContact", "days_to_last_contact"], ["version", "version"],
];

export async function readEnteredPatient(client: pg.Client, id: number): Promise<Record<string, unknown>> {
  const { rows } = await client.query(`SELECT ${ENTERED_PATIENT_COLUMNS.map(([, column]) => column).join(", ")} FROM patients WHERE id = $1`, [id]);
  const row = rows[0] as Record<string, unknown>;
  return Object.fromEntries(ENTERED_PATIENT_COLUMNS.map(([field, column]) => [field, row[column]]));
}
