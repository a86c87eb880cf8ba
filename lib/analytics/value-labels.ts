// Display labels of the coded values the dashboards show. The patient characteristics use the
// case form's labels (lib/cases/coded-values.ts), so Table 1 reads like the form; regimen
// classes and assays get short labels that fit a chart axis. Pure.
import type { Her2Assay, RegimenClass } from "../generated/prisma/enums";

export {
  DISEASE_SETTING_LABELS,
  GERMLINE_BRCA_LABELS,
  HISTOLOGIC_TYPE_LABELS,
  MENOPAUSAL_STATUS_LABELS,
  N_CATEGORY_LABELS,
  STAGE_GROUP_LABELS,
  T_CATEGORY_LABELS,
} from "../cases/coded-values";

export const REGIMEN_CLASS_LABELS: Readonly<Record<RegimenClass, string>> = {
  T_DXD: "T-DXd",
  T_DM1: "T-DM1",
  TRASTUZUMAB_BASED: "Trastuzumab-based",
  SACITUZUMAB_GOVITECAN: "Sacituzumab govitecan",
  OTHER_ADC: "Other ADC",
  CHEMOTHERAPY: "Chemotherapy",
  ENDOCRINE: "Endocrine",
  ENDOCRINE_CDK46: "Endocrine + CDK4/6i",
  PARP_INHIBITOR: "PARP inhibitor",
  IMMUNOTHERAPY: "Immunotherapy",
  OTHER: "Other",
  OTHER_HER2_ADC: "Other HER2 ADC",
  OTHER_TROP2_ADC: "Other TROP2 ADC",
  HER2_TKI: "HER2 TKI",
  ENDOCRINE_PI3K_AKT_MTOR: "Endocrine + PI3K/AKT/mTORi",
};

export const HER2_ASSAY_LABELS: Readonly<Record<Her2Assay, string>> = {
  VENTANA_4B5: "VENTANA 4B5",
  HERCEPTEST: "HercepTest",
  OTHER: "Other assay",
};

export const HR_STATUS_FILTER_LABELS = {
  POSITIVE: "HR-positive",
  NEGATIVE: "HR-negative",
  UNKNOWN: "Unknown",
} as const;
