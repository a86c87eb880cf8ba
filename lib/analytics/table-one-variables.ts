// The variables of the dashboards' Table 1 (issue 7 §3), in the order they are printed. Pure, so
// that the table, its charts and the CSV export label every row the same way.
import {
  DISEASE_SETTING_LABELS,
  GERMLINE_BRCA_LABELS,
  HISTOLOGIC_TYPE_LABELS,
  MENOPAUSAL_STATUS_LABELS,
  N_CATEGORY_LABELS,
  STAGE_GROUP_LABELS,
  T_CATEGORY_LABELS,
} from "./value-labels";

export type CategoricalVariableKey =
  | "menopausal"
  | "histology"
  | "grade"
  | "t"
  | "n"
  | "stage"
  | "hr"
  | "prStatus"
  | "erLow"
  | "brca"
  | "setting"
  | "era";

export type ContinuousVariableKey = "age" | "ki67" | "er" | "size";

export type VariableLevel = { value: string; label: string };

export type CategoricalVariable = {
  key: CategoricalVariableKey;
  label: string;
  levels: VariableLevel[];
  /** Set when the row counts a sub-population only (its percentages use that denominator). */
  population: string | null;
};

export type ContinuousVariable = { key: ContinuousVariableKey; label: string; unit: string; binWidth: number };

function levelsOf(labels: Readonly<Record<string, string>>): VariableLevel[] {
  return Object.entries(labels).map(([value, label]) => ({ value, label }));
}

/** Diagnosis eras, each from its first year (inclusive) to the next one's. */
export const DIAGNOSIS_ERAS = [
  { value: "BEFORE_2018", label: "Before 2018", from: -Infinity },
  { value: "2018_2021", label: "2018-2021 (ASCO/CAP 2018)", from: 2018 },
  { value: "2022_2023", label: "2022-2023 (DESTINY-Breast04)", from: 2022 },
  { value: "FROM_2024", label: "2024 or later (DESTINY-Breast06)", from: 2024 },
] as const;

export function diagnosisEra(year: number): (typeof DIAGNOSIS_ERAS)[number]["value"] {
  let era: (typeof DIAGNOSIS_ERAS)[number]["value"] = "BEFORE_2018";
  for (const candidate of DIAGNOSIS_ERAS) if (year >= candidate.from) era = candidate.value;
  return era;
}

export const CATEGORICAL_VARIABLES: readonly CategoricalVariable[] = [
  { key: "menopausal", label: "Menopausal status", levels: levelsOf(MENOPAUSAL_STATUS_LABELS), population: null },
  { key: "histology", label: "Histologic type", levels: levelsOf(HISTOLOGIC_TYPE_LABELS), population: null },
  {
    key: "grade",
    label: "Histologic grade",
    levels: [
      { value: "1", label: "Grade 1" },
      { value: "2", label: "Grade 2" },
      { value: "3", label: "Grade 3" },
    ],
    population: null,
  },
  { key: "t", label: "T category", levels: levelsOf(T_CATEGORY_LABELS), population: null },
  { key: "n", label: "N category", levels: levelsOf(N_CATEGORY_LABELS), population: null },
  { key: "stage", label: "Stage group", levels: levelsOf(STAGE_GROUP_LABELS), population: null },
  {
    key: "hr",
    label: "Hormone-receptor status",
    levels: [
      { value: "POSITIVE", label: "HR-positive" },
      { value: "NEGATIVE", label: "HR-negative" },
    ],
    population: null,
  },
  {
    // PR status as ASCO/CAP 2020 calls it (≥ 1 % of cells stained): HER2-low tumours are more often
    // hormone-receptor positive, and PR-negative HR-positive disease behaves differently.
    key: "prStatus",
    label: "PR status",
    levels: [
      { value: "POSITIVE", label: "PR-positive (≥ 1 %)" },
      { value: "NEGATIVE", label: "PR-negative (< 1 %)" },
    ],
    population: null,
  },
  {
    // ER-low (1-10 %) is a sub-category of ER-positive disease (ASCO/CAP 2020), so its share is
    // read among HR-positive patients; "Unknown" there means HR-positive with ER not recorded.
    key: "erLow",
    label: "ER-low (ER 1-10 %)",
    levels: [
      { value: "true", label: "ER-low" },
      { value: "false", label: "Not ER-low" },
    ],
    population: "Among HR-positive patients",
  },
  { key: "brca", label: "Germline BRCA", levels: levelsOf(GERMLINE_BRCA_LABELS), population: null },
  { key: "setting", label: "Disease setting", levels: levelsOf(DISEASE_SETTING_LABELS), population: null },
  {
    // The eras of HER2-low: before the 2018 ASCO/CAP update, until DESTINY-Breast04 (2022), until
    // DESTINY-Breast06 (2024), and since. Reporting of IHC 0 vs 1+ (and of ultralow) changed with each.
    key: "era",
    label: "Diagnosis era",
    levels: DIAGNOSIS_ERAS.map(({ value, label }) => ({ value, label })),
    population: null,
  },
];

export const CONTINUOUS_VARIABLES: readonly ContinuousVariable[] = [
  { key: "age", label: "Age at diagnosis, years", unit: "years", binWidth: 5 },
  { key: "ki67", label: "Ki-67, %", unit: "%", binWidth: 10 },
  { key: "er", label: "ER, % of cells stained", unit: "%", binWidth: 10 },
  { key: "size", label: "Tumour size, mm", unit: "mm", binWidth: 10 },
];

/** The first value of the top histogram bin: ages are stored 90 for "90 or older"; percentages top out at 100; tumours of 100 mm or more share a bin. */
export function binCeiling(variable: ContinuousVariableKey): number {
  switch (variable) {
    case "age":
    case "ki67":
    case "er":
      return 90;
    case "size":
      return 100;
  }
}

/** The label of one histogram bin. */
export function labelBin(variable: ContinuousVariableKey, start: number, width: number): string {
  if (start < binCeiling(variable)) return `${start}-${start + width - 1}`;
  switch (variable) {
    case "age":
      return "90+";
    case "ki67":
    case "er":
      return "90-100";
    case "size":
      return "100+";
  }
}

/** PR status from the PR %, as ASCO/CAP 2020 calls it: positive at 1 % or more. */
export function prStatus(prPercent: number): "POSITIVE" | "NEGATIVE" {
  return prPercent >= 1 ? "POSITIVE" : "NEGATIVE";
}
