/**
 * The coded values a coordinator chooses from, with the labels the case form shows. The codes
 * are the database enums (prisma/schema.prisma); meanings are in docs/data-dictionary.md §10.
 * No free text: even drugs come from a list, so no identifier can be typed in (product.md §2).
 */
import {
  Agent,
  BestResponse,
  DiseaseSetting,
  GermlineBrca,
  Her2Assay,
  HistologicType,
  MCategory,
  Measurability,
  MenopausalStatus,
  MrnaAssay,
  MrnaUnit,
  NCategory,
  ReadKind,
  RegimenClass,
  ResponseConfirmation,
  Sex,
  Specimen,
  SpecimenSite,
  StageGroup,
  TCategory,
  TreatmentSetting,
  VitalStatus,
  StagingBasis,
  RcbClass,
  SurgeryType,
  RecurrenceKind,
} from "../generated/prisma/enums";

export {
  StagingBasis,
  RcbClass,
  SurgeryType,
  RecurrenceKind,
  Agent,
  BestResponse,
  DiseaseSetting,
  GermlineBrca,
  Her2Assay,
  HistologicType,
  MCategory,
  Measurability,
  MenopausalStatus,
  MrnaAssay,
  MrnaUnit,
  NCategory,
  ReadKind,
  RegimenClass,
  ResponseConfirmation,
  Sex,
  Specimen,
  SpecimenSite,
  StageGroup,
  TCategory,
  TreatmentSetting,
  VitalStatus,
};

type Labels<T extends string> = Readonly<Record<T, string>>;

export const SEX_LABELS: Labels<Sex> = { FEMALE: "Female", MALE: "Male" };

export const MENOPAUSAL_STATUS_LABELS: Labels<MenopausalStatus> = {
  PREMENOPAUSAL: "Premenopausal",
  PERIMENOPAUSAL: "Perimenopausal",
  POSTMENOPAUSAL: "Postmenopausal",
};

export const HISTOLOGIC_TYPE_LABELS: Labels<HistologicType> = {
  NST: "No special type (NST/IDC)",
  LOBULAR: "Lobular",
  MIXED: "Mixed",
  OTHER: "Other",
};

export const T_CATEGORY_LABELS: Labels<TCategory> = { TX: "TX", T0: "T0", TIS: "Tis", T1: "T1", T2: "T2", T3: "T3", T4: "T4" };
export const N_CATEGORY_LABELS: Labels<NCategory> = { NX: "NX", N0: "N0", N1: "N1", N2: "N2", N3: "N3" };
export const M_CATEGORY_LABELS: Labels<MCategory> = { M0: "M0", M1: "M1" };

export const STAGE_GROUP_LABELS: Labels<StageGroup> = {
  STAGE_0: "Stage 0",
  STAGE_I: "Stage I",
  STAGE_II: "Stage II",
  STAGE_III: "Stage III",
  STAGE_IV: "Stage IV",
};

export const GERMLINE_BRCA_LABELS: Labels<GermlineBrca> = {
  BRCA1: "BRCA1 pathogenic variant",
  BRCA2: "BRCA2 pathogenic variant",
  NEGATIVE: "Tested, negative",
  NOT_TESTED: "Not tested",
};

export const DISEASE_SETTING_LABELS: Labels<DiseaseSetting> = {
  EARLY: "Early (non-metastatic)",
  DE_NOVO_METASTATIC: "De novo metastatic",
  RECURRENT_METASTATIC: "Recurrent metastatic",
};

export const VITAL_STATUS_LABELS: Labels<VitalStatus> = { ALIVE: "Alive", DEAD: "Dead" };

export const STAGING_BASIS_LABELS: Labels<StagingBasis> = { CLINICAL: "Clinical (cT/cN)", PATHOLOGICAL: "Pathological at primary surgery (pT/pN)" };
export const RCB_CLASS_LABELS: Labels<RcbClass> = { RCB_0: "RCB-0 (pCR)", RCB_I: "RCB-I", RCB_II: "RCB-II", RCB_III: "RCB-III" };
export const SURGERY_TYPE_LABELS: Labels<SurgeryType> = { BREAST_CONSERVING: "Breast-conserving surgery", MASTECTOMY: "Mastectomy", NONE: "No surgery" };
export const RECURRENCE_KIND_LABELS: Labels<RecurrenceKind> = {
  LOCAL: "Local recurrence (invasive)",
  REGIONAL: "Regional recurrence (invasive)",
  DISTANT: "Distant recurrence",
  CONTRALATERAL_INVASIVE: "Contralateral invasive breast cancer",
  SECOND_PRIMARY_INVASIVE: "Second primary invasive cancer (non-breast)",
};

export const SPECIMEN_LABELS: Labels<Specimen> = {
  PRIMARY_BIOPSY: "Primary tumour, biopsy",
  PRIMARY_SURGICAL: "Primary tumour, surgical specimen",
  METASTATIC: "Metastasis",
  OTHER: "Other",
};

export const SPECIMEN_SITE_LABELS: Labels<SpecimenSite> = {
  BREAST: "Breast",
  AXILLARY_NODE: "Axillary lymph node",
  DISTANT_NODE: "Distant lymph node",
  LIVER: "Liver",
  LUNG: "Lung",
  BONE: "Bone",
  BRAIN: "Brain",
  SKIN_SOFT_TISSUE: "Skin or soft tissue",
  PLEURA: "Pleura",
  OTHER: "Other",
};

export const HER2_ASSAY_LABELS: Labels<Her2Assay> = { VENTANA_4B5: "VENTANA 4B5", HERCEPTEST: "HercepTest", OTHER: "Other" };

export const MRNA_ASSAY_LABELS: Labels<MrnaAssay> = { ONCOTYPE_DX: "Oncotype DX (ERBB2 single gene)", RT_QPCR: "Other RT-qPCR", RNA_SEQ: "RNA sequencing", OTHER: "Other" };

export const MRNA_UNIT_LABELS: Labels<MrnaUnit> = { SINGLE_GENE_SCORE: "Single-gene score (log2 units)", DELTA_CT: "ΔCt", LOG2_TPM: "log2(TPM + 1)" };

export const TREATMENT_SETTING_LABELS: Labels<TreatmentSetting> = {
  NEOADJUVANT: "Neoadjuvant",
  ADJUVANT: "Adjuvant",
  METASTATIC: "Metastatic",
};

export const REGIMEN_CLASS_LABELS: Labels<RegimenClass> = {
  T_DXD: "Trastuzumab deruxtecan (T-DXd)",
  T_DM1: "Trastuzumab emtansine (T-DM1)",
  TRASTUZUMAB_BASED: "Trastuzumab-based (no HER2 TKI)",
  SACITUZUMAB_GOVITECAN: "Sacituzumab govitecan",
  OTHER_ADC: "Other antibody-drug conjugate (neither HER2 nor TROP2)",
  CHEMOTHERAPY: "Chemotherapy",
  ENDOCRINE: "Endocrine therapy",
  ENDOCRINE_CDK46: "Endocrine + CDK4/6 inhibitor",
  PARP_INHIBITOR: "PARP inhibitor",
  IMMUNOTHERAPY: "Immunotherapy",
  OTHER: "Other",
  OTHER_HER2_ADC: "Other HER2-directed ADC (disitamab vedotin, trastuzumab rezetecan)",
  OTHER_TROP2_ADC: "Other TROP2-directed ADC (datopotamab deruxtecan)",
  HER2_TKI: "HER2 tyrosine kinase inhibitor-based (lapatinib, neratinib, tucatinib, pyrotinib)",
  ENDOCRINE_PI3K_AKT_MTOR: "Endocrine + PI3K/AKT/mTOR inhibitor (alpelisib, inavolisib, capivasertib, everolimus)",
};

export const MEASURABILITY_LABELS: Labels<Measurability> = {
  MEASURABLE: "Measurable disease (RECIST 1.1)",
  NON_MEASURABLE: "Non-measurable disease only",
};

export const RESPONSE_CONFIRMATION_LABELS: Labels<ResponseConfirmation> = {
  CONFIRMED: "Confirmed (second assessment ≥ 4 weeks later)",
  UNCONFIRMED: "Not confirmed",
};

export const BEST_RESPONSE_LABELS: Labels<BestResponse> = {
  CR: "Complete response (CR)",
  PR: "Partial response (PR)",
  SD: "Stable disease (SD)",
  PD: "Progressive disease (PD)",
  NE: "Not evaluable (NE)",
};

/** Drug names as a clinician writes them, from the code (TRASTUZUMAB_DERUXTECAN → Trastuzumab deruxtecan). */
export function formatAgent(agent: Agent): string {
  const words = agent.toLowerCase().split("_").join(" ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Ages are stored capped at 90 (Safe Harbor) and shown as "90+". */
export function formatAge(age: number): string {
  return age >= 90 ? "90+" : String(age);
}
