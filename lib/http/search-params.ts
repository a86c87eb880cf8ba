// Next passes repeated query parameters as arrays; the admin filters take one value each.
export type RawSearchParams = Record<string, string | string[] | undefined>;

export function firstValues(params: RawSearchParams): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) values[key] = first;
  }
  return values;
}
