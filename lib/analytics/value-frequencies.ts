// Statistics of a continuous variable from its frequency table (value → count), as Table 1
// needs them: PostgreSQL counts each (cohort, value) in the same pass as the categorical counts,
// and these pure functions give exactly what percentile_cont and a rank() over the rows would,
// without sorting a million patient rows. Age and Ki-67 are whole numbers with at most a few
// hundred distinct values, so a table stays small whatever the cohort size.

export type ValueCount = { value: number; n: number };

/** Counts of the same value merged, in increasing order of value; zero counts dropped. */
export function normaliseFrequencies(counts: readonly ValueCount[]): ValueCount[] {
  const byValue = new Map<number, number>();
  for (const { value, n } of counts) {
    if (!Number.isFinite(value)) throw new Error(`A frequency table value must be a finite number (got ${value}).`);
    if (!Number.isInteger(n) || n < 0) throw new Error(`A frequency must be a whole number of at least 0 (got ${n}).`);
    if (n > 0) byValue.set(value, (byValue.get(value) ?? 0) + n);
  }
  return [...byValue].map(([value, n]) => ({ value, n })).sort((a, b) => a.value - b.value);
}

/** The value at 0-based position `index` of the sorted values the table stands for. */
function valueAt(sorted: readonly ValueCount[], index: number): number {
  let seen = 0;
  for (const { value, n } of sorted) {
    seen += n;
    if (index < seen) return value;
  }
  throw new Error(`Position ${index} is past the ${seen} values of the table.`);
}

/**
 * The p-quantile of the values, interpolated between order statistics as PostgreSQL's
 * percentile_cont and R's quantile(type = 7) do: h = (n − 1) p, result = x⌊h⌋ + (h − ⌊h⌋)(x⌈h⌉ − x⌊h⌋)
 * (Hyndman & Fan 1996, definition 7). Null when the table is empty.
 */
export function quantileFromFrequencies(counts: readonly ValueCount[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new Error(`A quantile's probability must be from 0 to 1 (got ${p}).`);
  const sorted = normaliseFrequencies(counts);
  const total = sorted.reduce((sum, { n }) => sum + n, 0);
  if (total === 0) return null;
  const position = p * (total - 1);
  const lower = Math.floor(position);
  const low = valueAt(sorted, lower);
  if (position === lower) return low;
  const high = valueAt(sorted, lower + 1);
  return low + (high - low) * (position - lower);
}

export type GroupRankSum = { group: string; n: number; rankSum: number };

/**
 * Mid-rank sums of each group over the pooled values, and the tie term Σ(t³ − t) over the tie
 * groups, as the Kruskal-Wallis test needs them (kruskalWallisFromRankSums). A value shared by
 * t observations with `below` observations smaller gets the mid-rank below + (t + 1) / 2, which
 * is rank() + (t − 1) / 2.
 */
export function rankSumsFromFrequencies(groups: ReadonlyMap<string, readonly ValueCount[]>): { groups: GroupRankSum[]; tieSum: number } {
  const pooled = normaliseFrequencies([...groups.values()].flat());
  const midRank = new Map<number, number>();
  let below = 0;
  let tieSum = 0;
  for (const { value, n } of pooled) {
    midRank.set(value, below + (n + 1) / 2);
    tieSum += n * n * n - n;
    below += n;
  }
  const sums: GroupRankSum[] = [];
  for (const [group, counts] of groups) {
    let n = 0;
    let rankSum = 0;
    for (const count of normaliseFrequencies(counts)) {
      n += count.n;
      rankSum += count.n * (midRank.get(count.value) ?? 0);
    }
    sums.push({ group, n, rankSum });
  }
  return { groups: sums, tieSum };
}
