import { chiSquareTest } from "./chi-square-test";
import { dropEmptyRowsAndColumns } from "./contingency-table";
import { simulateFisherPValue } from "./fisher-monte-carlo";
import { computeFisherNetworkPValue, FisherWorkloadError } from "./fisher-network";
import { assertCountTable } from "./input-checks";

export type CategoricalComparison = {
  /** "none" when the table has fewer than two non-empty rows or columns: nothing to compare. */
  test: "chi-square" | "fisher" | "none";
  /** The name gtsummary prints in a Table 1 footnote (a simulated Fisher p-value says so, with B). */
  testName: string;
  /** null when no p-value can be given; `note` then says why. */
  pValue: number | null;
  statistic: number | null;
  df: number | null;
  note: string | null;
  /** Fisher's test with a simulated p-value: the number of random tables (R's B); otherwise null. */
  replicates: number | null;
};

const MINIMUM_EXPECTED_COUNT = 5;

/**
 * The p-value of a Table 1 categorical row, choosing the test as gtsummary's add_p() does:
 * Pearson's chi-square without continuity correction ("chisq.test.no.correct") when every
 * expected count is at least 5, otherwise Fisher's exact test.
 * Rows and columns that are all zero are dropped first (an empty level would otherwise force
 * Fisher through an expected count of 0). With fewer than two non-empty rows or columns there is
 * no test: test "none", pValue null. When the exact enumeration of Fisher's test is beyond its
 * workload limit, the p-value is simulated as R's fisher.test(simulate.p.value = TRUE, B) would
 * (fisher-monte-carlo.ts, deterministic), and the test name says so:
 * "Fisher's exact test (simulated p-value, B = 100,000)".
 */
export function compareCategorical(table: number[][]): CategoricalComparison {
  assertCountTable(table);
  const compact = dropEmptyRowsAndColumns(table);
  const rows = compact.length;
  const columns = compact[0]?.length ?? 0;
  if (rows < 2 || columns < 2) {
    return {
      test: "none",
      testName: "No test",
      pValue: null,
      statistic: null,
      df: null,
      note: `Fewer than two non-empty ${rows < 2 ? "rows" : "columns"}: there is nothing to compare.`,
      replicates: null,
    };
  }
  const chiSquare = chiSquareTest(compact, { correct: false });
  const smallestExpected = Math.min(...chiSquare.expected.flat());
  if (smallestExpected >= MINIMUM_EXPECTED_COUNT) {
    return {
      test: "chi-square",
      testName: "Pearson's Chi-squared test",
      pValue: chiSquare.pValue,
      statistic: chiSquare.statistic,
      df: chiSquare.df,
      note: null,
      replicates: null,
    };
  }
  try {
    return { test: "fisher", testName: "Fisher's exact test", pValue: computeFisherNetworkPValue(compact), statistic: null, df: null, note: null, replicates: null };
  } catch (error) {
    if (!(error instanceof FisherWorkloadError)) throw error;
  }
  const simulated = simulateFisherPValue(compact);
  const replicates = simulated.replicates.toLocaleString("en-US");
  const standardError = Math.sqrt((simulated.pValue * (1 - simulated.pValue)) / simulated.replicates);
  return {
    test: "fisher",
    testName: `Fisher's exact test (simulated p-value, B = ${replicates})`,
    pValue: simulated.pValue,
    statistic: null,
    df: null,
    note: `The exact enumeration is too large for this table; the p-value is simulated from ${replicates} random tables with the observed margins (standard error ${standardError.toPrecision(2)}).`,
    replicates: simulated.replicates,
  };
}
