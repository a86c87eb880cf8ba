// Plain-language names of the case fields, for the form, the conflict notice and the history.
// Pure; the codes are the Prisma field names.
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  studyId: "Study ID",
  siteId: "Site",
  diagnosisYear: "Diagnosis year",
  ageAtDiagnosis: "Age at diagnosis",
  sex: "Sex",
  menopausalStatus: "Menopausal status",
  histologicType: "Histologic type",
  grade: "Grade",
  tumourSizeMm: "Tumour size (mm)",
  tCategory: "T category",
  nCategory: "N category",
  mCategory: "M category",
  stageGroup: "Stage group",
  erPercent: "ER (%)",
  prPercent: "PR (%)",
  ki67Percent: "Ki-67 (%)",
  germlineBrca: "Germline BRCA",
  diseaseSetting: "Disease setting",
  daysToMetastasis: "Days to metastasis",
  vitalStatus: "Vital status",
  daysToDeath: "Days to death",
  daysToLastContact: "Days to last contact",
  stagingBasis: "Staging basis of T and N",
  ypTCategory: "ypT category",
  ypNCategory: "ypN category",
  rcbClass: "RCB class",
  surgeryType: "Type of surgery",
  daysToSurgery: "Day of surgery",
  recurrences: "Recurrence events",
  hrStatus: "HR status (derived)",
  erLow: "ER-low (derived)",
  cohortLatest: "Cohort, latest test (derived)",
  cohortPrimary: "Cohort, primary tumour (derived)",
  cohortHighest: "Cohort, highest expression (derived)",
  her2FirstCategory: "First HER2 category (derived)",
  her2LastCategory: "Last HER2 category (derived)",
  her2MetastaticCategory: "Metastatic HER2 category (derived)",
  evaluableTestCount: "Evaluable HER2 tests (derived)",
  pathologicCompleteResponse: "pCR (derived)",
  specimen: "Specimen",
  specimenSite: "Specimen site",
  daysSinceDiagnosis: "Day of the test",
  assay: "Assay",
  ihcScore: "IHC score",
  ishRatio: "HER2/CEP17 ratio",
  ishCopies: "Mean HER2 copies per cell",
  erbb2Mrna: "ERBB2 mRNA",
  erbb2MrnaAssay: "ERBB2 mRNA assay",
  erbb2MrnaUnit: "ERBB2 mRNA unit",
  diaMembranePercent: "Membrane-stained cells, image analysis (%)",
  diaHScore: "H-score, image analysis",
  ishGroup: "ISH group (derived)",
  category: "HER2 category (derived)",
  setting: "Setting",
  lineNumber: "Line number",
  regimenClass: "Regimen class",
  agents: "Agents",
  startDay: "Start day",
  endDay: "End day",
  bestResponse: "Best response",
  measurability: "Measurable disease",
  responseConfirmation: "Response confirmation",
  progressionDay: "Progression day",
  // Recurrence events (one row each).
  kind: "Kind of event",
  day: "Day of the event",
  deletedAt: "Deleted",
  // Users and sites, as the audit trail shows their changes.
  active: "Active",
  role: "Role",
  email: "E-mail",
  name: "Name",
  code: "Site code",
};

export function labelOfField(field: string): string {
  return FIELD_LABELS[field] ?? field;
}

/** A stored value as text for people: empty for null, lists joined. */
export function formatFieldValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) return value.length === 0 ? "—" : value.join(", ");
  if (typeof value === "boolean") return value ? "yes" : "no";
  return String(value);
}

const FIELD_ORDER = new Map(Object.keys(FIELD_LABELS).map((field, index) => [field, index]));

/** Orders changed fields as the form shows them (JSONB keeps its own key order). */
export function compareFields(a: string, b: string): number {
  return (FIELD_ORDER.get(a) ?? Number.MAX_SAFE_INTEGER) - (FIELD_ORDER.get(b) ?? Number.MAX_SAFE_INTEGER) || a.localeCompare(b);
}
