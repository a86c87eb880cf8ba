import type { Her2Category, IhcScore, IshGroup } from "../her2/classify";
import type { ReadKind, Specimen, TreatmentTiming } from "../her2/cohort";
import type { HrStatus, NegativeCallCounts } from "../cases/derive-patient";
import type { MetastaticLineRegimens } from "../cases/derive-lines";
import type { SpecimenReadColumns } from "../cases/derive-specimen-reads";
import type { RegimenClass } from "../generated/prisma/enums";

// Plain records in the shape of the database rows (camelCase), so that the seed and the
// benchmark can bulk-load them without going through the case-writing layer.

export type DemoPatient = NegativeCallCounts & MetastaticLineRegimens & {
  studyId: string;
  siteCode: string;
  diagnosisYear: number;
  ageAtDiagnosis: number;
  sex: "FEMALE" | "MALE";
  menopausalStatus: "PREMENOPAUSAL" | "PERIMENOPAUSAL" | "POSTMENOPAUSAL" | null;
  histologicType: "NST" | "LOBULAR" | "MIXED" | "OTHER" | null;
  grade: number | null;
  tumourSizeMm: number | null;
  tCategory: "TX" | "T0" | "TIS" | "T1" | "T2" | "T3" | "T4" | null;
  nCategory: "NX" | "N0" | "N1" | "N2" | "N3" | null;
  mCategory: "M0" | "M1" | null;
  stageGroup: "STAGE_0" | "STAGE_I" | "STAGE_II" | "STAGE_III" | "STAGE_IV" | null;
  erPercent: number | null;
  prPercent: number | null;
  ki67Percent: number | null;
  germlineBrca: "BRCA1" | "BRCA2" | "NEGATIVE" | "NOT_TESTED" | null;
  diseaseSetting: "EARLY" | "DE_NOVO_METASTATIC" | "RECURRENT_METASTATIC";
  daysToMetastasis: number | null;
  vitalStatus: "ALIVE" | "DEAD";
  daysToDeath: number | null;
  daysToLastContact: number;
  hrStatus: HrStatus | null;
  erLow: boolean | null;
  cohortLatest: Her2Category | null;
  cohortPrimary: Her2Category | null;
  cohortHighest: Her2Category | null;
  her2FirstCategory: Her2Category | null;
  her2LastCategory: Her2Category | null;
  her2MetastaticCategory: Her2Category | null;
  her2PreNeoadjuvantCategory: Her2Category | null;
  her2ResidualCategory: Her2Category | null;
  evaluableTestCount: number;
};

export type DemoHer2Test = {
  specimen: Specimen;
  specimenSite: "BREAST" | "AXILLARY_NODE" | "DISTANT_NODE" | "LIVER" | "LUNG" | "BONE" | "BRAIN" | "SKIN_SOFT_TISSUE" | "PLEURA" | "OTHER";
  daysSinceDiagnosis: number;
  assay: "VENTANA_4B5" | "HERCEPTEST" | "OTHER";
  ihcScore: IhcScore | null;
  ishRatio: number | null;
  ishCopies: number | null;
  blockLabel: string | null;
  readKind: ReadKind;
  reader: string | null;
  erbb2Mrna: number | null;
  erbb2MrnaAssay: "ONCOTYPE_DX" | "RT_QPCR" | "RNA_SEQ" | "OTHER" | null;
  erbb2MrnaUnit: "SINGLE_GENE_SCORE" | "DELTA_CT" | "LOG2_TPM" | null;
  diaMembranePercent: number | null;
  diaHScore: number | null;
  ishGroup: IshGroup | null;
  category: Her2Category;
  treatmentTiming: TreatmentTiming;
  residualDisease: boolean;
} & SpecimenReadColumns;

/** A test as the reading is drawn, before the case's derivation adds its timing and stored pairs. */
export type DrawnHer2Test = Omit<DemoHer2Test, "treatmentTiming" | "residualDisease" | keyof SpecimenReadColumns>;

export type { RegimenClass };

export type DemoTreatmentLine = {
  setting: "NEOADJUVANT" | "ADJUVANT" | "METASTATIC";
  lineNumber: number;
  regimenClass: RegimenClass;
  agents: string[];
  startDay: number;
  endDay: number | null;
  bestResponse: "CR" | "PR" | "SD" | "PD" | "NE" | null;
  measurability: "MEASURABLE" | "NON_MEASURABLE" | null;
  responseConfirmation: "CONFIRMED" | "UNCONFIRMED" | null;
  progressionDay: number | null;
};

/** A line as stored: with the HER2 status at its start, derived from the case's tests. */
export type StoredDemoTreatmentLine = DemoTreatmentLine & { her2AtStart: Her2Category | null; priorCdk46: boolean };

export type DemoCase = { patient: DemoPatient; tests: DemoHer2Test[]; lines: StoredDemoTreatmentLine[] };
