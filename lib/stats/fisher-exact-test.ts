import { dropEmptyRowsAndColumns } from "./contingency-table";
import { computeFisherNetworkPValue } from "./fisher-network";
import { assertCountTable } from "./input-checks";

/**
 * Fisher's exact test, two-sided, for any r x c table of counts, as fisher.test(table)$p.value.
 * All-zero rows and columns are dropped first (they do not change the conditional distribution);
 * a table left with fewer than two rows or columns has a single possible table, so p = 1.
 * Throws a clear Error when the exact enumeration would exceed its workload limit
 * (see fisher-network.ts and docs/statistics.md).
 */
export function fisherExactTest(table: number[][]): { pValue: number } {
  assertCountTable(table);
  const compact = dropEmptyRowsAndColumns(table);
  if (compact.length < 2 || (compact[0]?.length ?? 0) < 2) return { pValue: 1 };
  return { pValue: computeFisherNetworkPValue(compact) };
}
