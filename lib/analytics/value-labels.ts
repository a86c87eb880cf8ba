// Display labels of the coded values the dashboards show (docs/data-dictionary.md §10). Pure.
import type {
  DiseaseSetting,
  GermlineBrca,
  Her2Assay,
  HistologicType,
  MenopausalStatus,
  NCategory,
  RegimenClass,
  StageGroup,
  TCategory,
} from "../generated/prisma/enums";

export const MENOPAUSAL_STATUS_LABELS: Readonly<Record<MenopausalStatus, string>> = {
  PREMENOPAUSAL: "Premenopausal",
  PERIMENOPAUSAL: "Perimenopausal",
  POSTMENOPAUSAL: "Postmenopausal",
};

export const HISTOLOGIC_TYPE_LABELS: Readonly<Record<HistologicType, string>> = {
  NST: "NST (ductal)",
  LOBULAR: "Lobular",
  MIXED: "Mixed",
  OTHER: "Other",
};

export const T_CATEGORY_LABELS: Readonly<Record<TCategory, string>> = {
  TX: "TX",
  T0: "T0",
  TIS: "Tis",
  T1: "T1",
  T2: "T2",
  T3: "T3",
  T4: "T4",
};

export const N_CATEGORY_LABELS: Readonly<Record<NCategory, string>> = {
  NX: "NX",
  N0: "N0",
  N1: "N1",
  N2: "N2",
  N3: "N3",
};

export const STAGE_GROUP_LABELS: Readonly<Record<StageGroup, string>> = {
  STAGE_0: "Stage 0",
  STAGE_I: "Stage I",
  STAGE_II: "Stage II",
  STAGE_III: "Stage III",
  STAGE_IV: "Stage IV",
};

export const GERMLINE_BRCA_LABELS: Readonly<Record<GermlineBrca, string>> = {
  BRCA1: "BRCA1 carrier",
  BRCA2: "BRCA2 carrier",
  NEGATIVE: "Tested, no variant",
  NOT_TESTED: "Not tested",
};

export const DISEASE_SETTING_LABELS: Readonly<Record<DiseaseSetting, string>> = {
  EARLY: "Early",
  DE_NOVO_METASTATIC: "De novo metastatic",
  RECURRENT_METASTATIC: "Recurrent metastatic",
};

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
