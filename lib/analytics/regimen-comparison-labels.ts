// Labels of the forest plot's subgroup variables and levels. Pure.
import type { ForestVariable } from "./regimen-comparison-cells";

export const FOREST_VARIABLE_LABELS: Readonly<Record<ForestVariable, string>> = {
  ageGroup: "Age at diagnosis",
  hrStatus: "Hormone receptor status",
  menopausal: "Menopausal status",
  lineGroup: "Line of therapy",
  site: "Site",
  era: "Diagnosis era",
};

const LEVEL_LABELS: Readonly<Record<string, string>> = {
  POSITIVE: "HR-positive",
  NEGATIVE: "HR-negative",
  UNKNOWN: "Unknown",
  PREMENOPAUSAL: "Premenopausal",
  PERIMENOPAUSAL: "Perimenopausal",
  POSTMENOPAUSAL: "Postmenopausal",
};

export function labelOfLevel(variable: ForestVariable, level: string): string {
  if (variable === "lineGroup") return level === "4 or later" ? "Line 4 or later" : `Line ${level}`;
  if (variable === "site") return `Site ${level}`;
  return LEVEL_LABELS[level] ?? level;
}
