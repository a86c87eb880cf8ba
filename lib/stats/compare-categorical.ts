import { chiSquareTest } from "./chi-square-test";
import { dropEmptyRowsAndColumns } from "./contingency-table";
import { computeFisherNetworkPValue, FisherWorkloadError } from "./fisher-network";
import { assertCountTable } from "./input-checks";

export type CategoricalComparison = {
  /** "none" when the table has fewer than two non-empty rows or columns: nothing to compare. */
  test: "chi-square" | "fisher" | "none";
  /** The name gtsummary prints in a Table 1 footnote. */
  testName: string;
  /** null when no p-value can be given; `note` then says why. */
  pValue: number | null;
  statistic: number | null;
  df: number | null;
  note: string | null;
};

const MINIMUM_EXPECTED_COUNT = 5;

/**
 * The p-value of a Table 1 categorical row, choosing the test as gtsummary's add_p() does:
 * Pearson's chi-square without continuity correction ("chisq.test.no.correct") when every
 * expected count is at least 5, otherwise Fisher's exact test.
 * Rows and columns that are all zero are dropped first (an empty level would otherwise force
 * Fisher through an expected count of 0). With fewer than two non-empty rows or columns there is
 * no test: test "none", pValue null. When Fisher's test is too large to enumerate exactly the
 * result keeps test "fisher" with pValue null and a note, as gtsummary omits the p-value when
 * fisher.test fails.
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
    };
  }
  try {
    return {
      test: "fisher",
      testName: "Fisher's exact test",
      pValue: computeFisherNetworkPValue(compact),
      statistic: null,
      df: null,
      note: null,
    };
  } catch (error) {
    if (!(error instanceof FisherWorkloadError)) throw error;
    return { test: "fisher", testName: "Fisher's exact test", pValue: null, statistic: null, df: null, note: error.message };
  }
}
