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

/**
 * The levels of each subgroup variable in their natural order (the site apart: its codes), as
 * both forest plots list them and as the regimen comparison's subgroup codes number them from 0
 * (regimen-comparison-cells.ts). Sorted by name, age and era read "50-69, 70 or older, Under 50"
 * and menopausal status "Peri-, Post-, Pre-".
 */
export const FOREST_LEVEL_ORDER: Readonly<Record<Exclude<ForestVariable, "site">, readonly string[]>> = {
  ageGroup: ["Under 50", "50-69", "70 or older"],
  hrStatus: ["NEGATIVE", "POSITIVE", "UNKNOWN"],
  menopausal: ["PREMENOPAUSAL", "PERIMENOPAUSAL", "POSTMENOPAUSAL", "UNKNOWN"],
  lineGroup: ["1", "2", "3", "4 or later"],
  era: ["Before 2015", "2015-2019", "2020 or later"],
};

/** Orders a variable's levels as FOREST_LEVEL_ORDER lists them; sites, and any level not listed (after those), by name with numbers compared as numbers. */
export function compareForestLevels(variable: ForestVariable): (x: string, y: string) => number {
  const order = variable === "site" ? [] : FOREST_LEVEL_ORDER[variable];
  const rank = (level: string) => {
    const index = order.indexOf(level);
    return index < 0 ? order.length : index;
  };
  return (x, y) => rank(x) - rank(y) || x.localeCompare(y, "en", { numeric: true });
}

export function labelOfLevel(variable: ForestVariable, level: string): string {
  if (variable === "lineGroup") return level === "4 or later" ? "Line 4 or later" : `Line ${level}`;
  if (variable === "site") return `Site ${level}`;
  return LEVEL_LABELS[level] ?? level;
}
