/** The table without its all-zero rows and columns (they carry no information for any test). */
export function dropEmptyRowsAndColumns(table: number[][]): number[][] {
  const columns = table[0]?.length ?? 0;
  const keptColumns = Array.from({ length: columns }, (_, j) => j).filter((j) => table.some((row) => (row[j] ?? 0) > 0));
  return table
    .filter((row) => row.some((cell) => cell > 0))
    .map((row) => keptColumns.map((j) => row[j] ?? 0));
}
