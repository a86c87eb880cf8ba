import { assertFiniteNumber } from "./input-checks";

/**
 * Validates the covariates of regression rows and returns their names in the first row's key
 * order (the design matrix's column order, as in a formula): every row must have exactly the
 * first row's covariates, each a finite number. Throws a TypeError or RangeError naming the row.
 */
export function readCovariateNames(
  rows: { covariates: Record<string, number> }[],
  options: { model: string; atLeastOne: boolean },
): string[] {
  if (!Array.isArray(rows)) throw new TypeError("rows must be an array.");
  if (rows.length === 0) throw new RangeError(`The ${options.model} needs at least one patient (got no rows).`);
  rows.forEach((row, index) => {
    if (row === null || typeof row !== "object") throw new TypeError(`Row ${index + 1} is not an object.`);
    if (row.covariates === null || typeof row.covariates !== "object") {
      throw new TypeError(`Row ${index + 1}: covariates must be an object of numbers.`);
    }
  });
  const names = Object.keys(rows[0]?.covariates ?? {});
  if (options.atLeastOne && names.length === 0) throw new RangeError(`The ${options.model} needs at least one covariate (row 1 has none).`);
  const known = new Set(names);
  rows.forEach((row, index) => {
    const where = `Row ${index + 1}`;
    for (const name of names) {
      if (!(name in row.covariates)) {
        throw new RangeError(`${where} has no value for covariate "${name}" (every row needs the covariates of row 1).`);
      }
      assertFiniteNumber(row.covariates[name] ?? Number.NaN, `${where}: covariate "${name}"`);
    }
    for (const name of Object.keys(row.covariates)) {
      if (!known.has(name)) throw new RangeError(`${where} has covariate "${name}", which row 1 does not have.`);
    }
  });
  return names;
}
