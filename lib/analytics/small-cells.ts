// Small-cell suppression (issue 7 §6, product.md §2): registries forbid publishing counts below a
// threshold, so with SMALL_CELL_THRESHOLD = k > 0 every count from 1 to k - 1 leaves the server as
// null and is shown as "<k", and so is any percentage computed from it. 0 turns it off. Zero
// itself is not suppressed (it reveals no individual). Pure.

/** A count as sent to the browser: null when suppressed. */
export type ShownCount = number | null;

export function isSuppressed(count: number, threshold: number): boolean {
  return threshold > 0 && count > 0 && count < threshold;
}

export function suppressCount(count: number, threshold: number): ShownCount {
  return isSuppressed(count, threshold) ? null : count;
}

/** A share whose numerator or denominator is suppressed is suppressed too. */
export function suppressShare(numerator: number, denominator: number, threshold: number, share: number): number | null {
  return isSuppressed(numerator, threshold) || isSuppressed(denominator, threshold) ? null : share;
}

/** How a shown count is printed: "<k" when suppressed. */
export function formatShownCount(count: ShownCount, threshold: number): string {
  return count === null ? `<${threshold}` : count.toLocaleString("en");
}
