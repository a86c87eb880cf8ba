// The interaction test fitted by groups (cox-interaction-by-groups.ts, cox-grouped-fit.ts): the
// same log-likelihoods as the dense fits and as R's anova of the nested coxph fits, and the dense
// fits wherever there is no interior maximum to find by groups.
import { afterEach, describe, expect, it } from "vitest";
import { GROUPED_INTERACTION_MIN_COLUMNS, interactionLikelihoodsByGroups, setGroupedInteractionMinColumns, triesInteractionByGroups } from "./cox-interaction-by-groups";
import { coxInteractionTest, type CoxInteractionRow, type CoxInteractionTest } from "./cox-interaction-test";
import { createSeededRandom } from "./seeded-random";
import { expectClose, loadRFixture } from "./testing/r-fixtures";

type InteractionReference = { logLikelihood: [number, number]; statistic: number; df: number; pValue: number; warnings: string | string[] };
const fixture = loadRFixture<{ interactions: Record<string, { rows: CoxInteractionRow[]; efron: InteractionReference; breslow: InteractionReference }> }>("cox-model");

afterEach(() => {
  setGroupedInteractionMinColumns(GROUPED_INTERACTION_MIN_COLUMNS);
});

function withMinColumns<T>(columns: number, run: () => T): T {
  const previous = setGroupedInteractionMinColumns(columns);
  try {
    return run();
  } finally {
    setGroupedInteractionMinColumns(previous);
  }
}

const dense = (rows: CoxInteractionRow[], ties: "efron" | "breslow") => withMinColumns(Number.POSITIVE_INFINITY, () => coxInteractionTest(rows, { ties }));
const byGroups = (rows: CoxInteractionRow[], ties: "efron" | "breslow") => withMinColumns(0, () => coxInteractionTest(rows, { ties }));

/** Cells with heavy ties and case weights, a treatment effect that differs by level, censoring. */
function cells(seed: number, levels: number, count: number): CoxInteractionRow[] {
  const random = createSeededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    // Every level and arm gets patients (and, with 75 % events, deaths) before the rest is random.
    const level = i < 2 * levels ? Math.floor(i / 2) : Math.floor(random() * levels);
    const treatment = i < 2 * levels ? i % 2 : random() < 0.5 ? 1 : 0;
    const hazard = Math.exp(treatment * (0.4 - (0.8 * level) / levels) + 0.05 * (level % 5));
    const time = 1 + Math.floor((-Math.log(1 - random()) / hazard) * 30);
    return { time, event: i < 2 * levels || random() < 0.75, treatment, subgroup: `L${String(level).padStart(3, "0")}`, weight: 1 + Math.floor(random() * 5) };
  });
}

function expectSameTest(actual: CoxInteractionTest, expected: CoxInteractionTest) {
  expectClose(actual.logLikelihood.mainEffects, expected.logLikelihood.mainEffects, 1e-10);
  expectClose(actual.logLikelihood.withInteraction, expected.logLikelihood.withInteraction, 1e-10);
  expectClose(actual.statistic, expected.statistic, 1e-7);
  expectClose(actual.pValue, expected.pValue, 1e-7);
  expect(actual.df).toBe(expected.df);
  expect(actual.levels).toEqual(expected.levels);
  expect(actual.reference).toBe(expected.reference);
  expect(actual.levelsWithOneArm).toEqual(expected.levelsWithOneArm);
  expect(actual.warnings).toEqual(expected.warnings);
}

describe.each(Object.entries(fixture.interactions).flatMap(([name, data]) => (["efron", "breslow"] as const).map((ties) => [name, ties, data] as const)))(
  "coxInteractionTest by groups on %s (%s) against anova() of the nested coxph fits",
  (_, ties, data) => {
    it("matches R's log-likelihoods and statistic, and its warnings (there the dense fits decide)", () => {
      const expected = data[ties];
      const result = byGroups(data.rows, ties);
      expectClose(result.statistic, expected.statistic);
      expectClose(result.pValue, expected.pValue);
      expect(result.df).toBe(expected.df);
      expectClose(result.logLikelihood.mainEffects, expected.logLikelihood[0]);
      expectClose(result.logLikelihood.withInteraction, expected.logLikelihood[1]);
      expect(result.warnings.length > 0).toBe(([] as string[]).concat(expected.warnings).length > 0);
    });
  },
);

describe("interactionLikelihoodsByGroups", () => {
  it.each([
    [3, 400, "efron"],
    [3, 400, "breslow"],
    [12, 2_000, "efron"],
    [40, 6_000, "efron"],
    [40, 6_000, "breslow"],
  ] as const)("gives the dense fits' test with %i levels over %i cells (%s ties)", (levels, count, ties) => {
    const rows = cells(levels * 7 + count, levels, count);
    expect(interactionLikelihoodsByGroups(rows, [...new Set(rows.map((row) => row.subgroup))].sort(), "L000", ties)).not.toBeNull();
    expectSameTest(byGroups(rows, ties), dense(rows, ties));
  });

  it("gives the dense fits' test when a level has one arm only (a main effect, no interaction)", () => {
    const rows = cells(5, 8, 1_500).map((row) => (row.subgroup === "L003" ? { ...row, treatment: 1 } : row));
    const grouped = byGroups(rows, "efron");
    expect(grouped.levelsWithOneArm).toEqual(["L003"]);
    expect(grouped.df).toBe(6);
    expectSameTest(grouped, dense(rows, "efron"));
  });

  it("does not depend on which level is the reference", () => {
    const rows = cells(9, 10, 2_000);
    const levels = [...new Set(rows.map((row) => row.subgroup))].sort();
    const first = interactionLikelihoodsByGroups(rows, levels, "L000", "efron");
    const other = interactionLikelihoodsByGroups(rows, levels, "L007", "efron");
    expectClose(other?.mainEffects, first?.mainEffects ?? Number.NaN, 1e-12);
    expectClose(other?.withInteraction, first?.withInteraction ?? Number.NaN, 1e-12);
  });

  it("leaves to the dense fits a group without deaths, a weight of 0 and a treatment other than 0/1", () => {
    const rows = cells(11, 6, 1_000);
    const levels = [...new Set(rows.map((row) => row.subgroup))].sort();
    const noDeaths = rows.map((row) => (row.subgroup === "L002" && row.treatment === 1 ? { ...row, event: false } : row));
    expect(interactionLikelihoodsByGroups(noDeaths, levels, "L000", "efron")).toBeNull();
    expect(interactionLikelihoodsByGroups(rows.map((row, i) => (i === 3 ? { ...row, weight: 0 } : row)), levels, "L000", "efron")).toBeNull();
    expect(interactionLikelihoodsByGroups(rows.map((row, i) => (i === 3 ? { ...row, treatment: 2 } : row)), levels, "L000", "efron")).toBeNull();
    // The monotone likelihood then gets coxph's iterations and warning, as before.
    const grouped = byGroups(noDeaths, "efron");
    expect(grouped.warnings.join(" ")).toMatch(/may be infinite/);
    expectSameTest(grouped, dense(noDeaths, "efron"));
  });

  it("is used from 5 columns of the model with the interaction (3 levels with both arms), the dense fits below", () => {
    expect(GROUPED_INTERACTION_MIN_COLUMNS).toBe(5);
    expect(triesInteractionByGroups(3)).toBe(false);
    expect(triesInteractionByGroups(5)).toBe(true);
    // Four levels: 1 + 3 + 3 = 7 columns. The two ways agree to about 1e-12 but, here, not to the
    // bit, which tells which one ran.
    const four = cells(16, 4, 1_500);
    expect(byGroups(four, "efron").logLikelihood).not.toEqual(dense(four, "efron").logLikelihood);
    expect(coxInteractionTest(four, { ties: "efron" }).logLikelihood).toEqual(byGroups(four, "efron").logLikelihood);
  });
});
