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
  | "erLow"
  | "brca"
  | "setting";

export type ContinuousVariableKey = "age" | "ki67";

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
];

export const CONTINUOUS_VARIABLES: readonly ContinuousVariable[] = [
  { key: "age", label: "Age at diagnosis, years", unit: "years", binWidth: 5 },
  { key: "ki67", label: "Ki-67, %", unit: "%", binWidth: 10 },
];

/** The label of one histogram bin: ages are stored 90 for "90 or older", Ki-67 tops out at 100. */
export function labelBin(variable: ContinuousVariableKey, start: number, width: number): string {
  switch (variable) {
    case "age":
      return start >= 90 ? "90+" : `${start}-${start + width - 1}`;
    case "ki67":
      return start >= 90 ? "90-100" : `${start}-${start + width - 1}`;
  }
}
