// Stored values as people read them (issue 16 §13): the audit trail and a case's History show
// "Trastuzumab deruxtecan (T-DXd)" and "IHC 0 (ultralow)", not T_DXD or IHC_0_ULTRALOW, lists
// joined, never JSON. Pure: the labels are the case form's own.
import { HER2_CATEGORY_LABELS, IHC_SCORE_LABELS, ISH_GROUP_LABELS } from "../her2/classify";
import {
  BEST_RESPONSE_LABELS,
  DISEASE_SETTING_LABELS,
  GERMLINE_BRCA_LABELS,
  HER2_ASSAY_LABELS,
  HISTOLOGIC_TYPE_LABELS,
  MEASURABILITY_LABELS,
  MENOPAUSAL_STATUS_LABELS,
  MRNA_ASSAY_LABELS,
  MRNA_UNIT_LABELS,
  M_CATEGORY_LABELS,
  N_CATEGORY_LABELS,
  REGIMEN_CLASS_LABELS,
  RESPONSE_CONFIRMATION_LABELS,
  SEX_LABELS,
  SPECIMEN_LABELS,
  SPECIMEN_SITE_LABELS,
  STAGE_GROUP_LABELS,
  T_CATEGORY_LABELS,
  TREATMENT_SETTING_LABELS,
  VITAL_STATUS_LABELS,
  formatAgent,
  type Agent,
} from "./coded-values";
import { formatFieldValue } from "./field-labels";

const COHORT_VALUE_LABELS: Readonly<Record<string, string>> = { ...HER2_CATEGORY_LABELS, UNCLASSIFIED: "Unclassified" };

/** The code → label table of each coded field (by its Prisma name). */
const VALUE_LABELS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  sex: SEX_LABELS,
  menopausalStatus: MENOPAUSAL_STATUS_LABELS,
  histologicType: HISTOLOGIC_TYPE_LABELS,
  tCategory: T_CATEGORY_LABELS,
  nCategory: N_CATEGORY_LABELS,
  mCategory: M_CATEGORY_LABELS,
  stageGroup: STAGE_GROUP_LABELS,
  germlineBrca: GERMLINE_BRCA_LABELS,
  diseaseSetting: DISEASE_SETTING_LABELS,
  vitalStatus: VITAL_STATUS_LABELS,
  specimen: SPECIMEN_LABELS,
  specimenSite: SPECIMEN_SITE_LABELS,
  assay: HER2_ASSAY_LABELS,
  ihcScore: IHC_SCORE_LABELS,
  ishGroup: ISH_GROUP_LABELS,
  category: HER2_CATEGORY_LABELS,
  erbb2MrnaAssay: MRNA_ASSAY_LABELS,
  erbb2MrnaUnit: MRNA_UNIT_LABELS,
  setting: TREATMENT_SETTING_LABELS,
  regimenClass: REGIMEN_CLASS_LABELS,
  bestResponse: BEST_RESPONSE_LABELS,
  measurability: MEASURABILITY_LABELS,
  responseConfirmation: RESPONSE_CONFIRMATION_LABELS,
  cohortLatest: COHORT_VALUE_LABELS,
  cohortPrimary: COHORT_VALUE_LABELS,
  cohortHighest: COHORT_VALUE_LABELS,
  her2FirstCategory: HER2_CATEGORY_LABELS,
  her2LastCategory: HER2_CATEGORY_LABELS,
  her2MetastaticCategory: HER2_CATEGORY_LABELS,
};

function readableScalar(field: string, value: unknown): string {
  if (typeof value === "string") {
    if (field === "agents") return formatAgent(value as Agent);
    return VALUE_LABELS[field]?.[value] ?? value;
  }
  if (value === null || value === undefined) return "—";
  if (typeof value === "number" || typeof value === "boolean") return formatFieldValue(value);
  // A nested object (a detail of an import or export event): its entries as "key: value".
  if (typeof value === "object") {
    return Object.entries(value as Record<string, unknown>)
      .map(([key, inner]) => `${key}: ${readableValue(key, inner)}`)
      .join("; ");
  }
  return String(value);
}

/** A stored value of `field` as text for people: labels for codes, lists joined, "—" for empty. */
export function readableValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) return value.length === 0 ? "—" : value.map((item) => readableScalar(field, item)).join(", ");
  return readableScalar(field, value);
}
