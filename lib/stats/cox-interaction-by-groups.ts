import { fitGroupedCox, groupCoxCells, type GroupDesign } from "./cox-grouped-fit";
import { interactionColumnsOfRows, type CoxInteractionColumns } from "./cox-interaction-columns";
import type { CoxTies } from "./cox-partial-likelihood";

/** The rows the interaction test gets, without adjustment covariates. */
type Row = { time: number; event: boolean; treatment: number; subgroup: string; weight?: number };

/**
 * From this many columns of the dense model with the interaction (treatment, the levels but one,
 * their interactions) the test is first tried by groups (fitGroupedCox): there the dense
 * information matrix cost (columns)² per death time; the site variable's 25 levels (49 columns)
 * took 0.2 s at a million patients and 250 sites took 6 s at ten million. From 16 columns at
 * first; at a million patients the fits by groups were faster for 3 and 4 levels too (5 and 7
 * columns: the regimen comparison's five small tests 60 → 46 ms, the same statistics to 1e-6),
 * so from 5 (3 levels with both arms). Below it the dense fit alone.
 */
export const GROUPED_INTERACTION_MIN_COLUMNS = 5;

let minColumns = GROUPED_INTERACTION_MIN_COLUMNS;

/**
 * For tests and measurements only: sets the number of columns from which the test is tried by
 * groups (Infinity: never, 0: always) and returns the previous setting.
 */
export function setGroupedInteractionMinColumns(columns: number): number {
  const previous = minColumns;
  minColumns = columns;
  return previous;
}

export function triesInteractionByGroups(columns: number): boolean {
  return columns >= minColumns;
}

/**
 * Both log-likelihoods of the interaction test (coxph's treatment + factor(subgroup) and
 * treatment * factor(subgroup)) fitted by groups: the patients of each level and arm share their
 * covariates, so the model with the interaction is saturated in those groups (one η per group)
 * and the one without it is η = γ_level + β·arm. The same model spaces as the dense designs, so the
 * same maxima. Null when it cannot be done this way (a treatment other than 0/1, a row of weight
 * 0, a group without deaths, no interior maximum): the dense fits then decide, warnings included.
 */
export function interactionLikelihoodsByGroups(rows: readonly Row[], levels: readonly string[], reference: string, ties: CoxTies): { mainEffects: number; withInteraction: number } | null {
  return interactionLikelihoodsOfColumns(interactionColumnsOfRows(rows), levels, reference, ties);
}

/** The same on the rows in columns; `levels` are the subgroup levels in sorted order (the test's), the columns' own in any order. */
export function interactionLikelihoodsOfColumns(
  columns: CoxInteractionColumns,
  levels: readonly string[],
  reference: string,
  ties: CoxTies,
): { mainEffects: number; withInteraction: number } | null {
  const levelIndex = new Map(levels.map((level, i) => [level, i]));
  // Each of the columns' level codes as its place in `levels`.
  const sortedOf = Int32Array.from(columns.levels, (level) => levelIndex.get(level) ?? 0);
  const count = columns.time.length;
  const groupOfKey = new Int32Array(levels.length * 2).fill(-1);
  const keys: number[] = [];
  const group = new Int32Array(count);
  const counts = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const treatment = columns.treatment[i] ?? 0;
    const weight = columns.weight ? (columns.weight[i] ?? 1) : 1;
    if ((treatment !== 0 && treatment !== 1) || !(weight > 0)) return null;
    const key = (sortedOf[columns.level[i] ?? 0] ?? 0) * 2 + treatment;
    if (groupOfKey[key] === -1) {
      groupOfKey[key] = keys.length;
      keys.push(key);
    }
    group[i] = groupOfKey[key] ?? 0;
    counts[i] = weight;
  }
  const { time, event } = columns;
  const cells = groupCoxCells(keys.length, group, time, event, counts);
  // Without the interaction: column 0 the arm, then one per level but the reference.
  const referenceLevel = levelIndex.get(reference) ?? 0;
  const levelColumn = (level: number) => (level < referenceLevel ? level + 1 : level);
  const mainDesign: GroupDesign = {
    size: levels.length,
    columnsOf: keys.map((key) => {
      const level = Math.floor(key / 2);
      const columns = level === referenceLevel ? [] : [levelColumn(level)];
      if (key % 2 === 1) columns.push(0);
      return columns;
    }),
  };
  const main = fitGroupedCox(cells, mainDesign, ties);
  if (main === null) return null;
  // With it: one column per group but the first (the model is saturated in the groups), started
  // from the fit without it.
  const fullDesign: GroupDesign = { size: keys.length - 1, columnsOf: keys.map((_, g) => (g === 0 ? [] : [g - 1])) };
  const start = Float64Array.from({ length: keys.length - 1 }, (_, j) => (main.eta[j + 1] ?? 0) - (main.eta[0] ?? 0));
  const full = fitGroupedCox(cells, fullDesign, ties, start);
  if (full === null) return null;
  return { mainEffects: main.logLikelihood, withInteraction: full.logLikelihood };
}
