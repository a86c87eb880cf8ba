/**
 * Weighted least squares by Householder QR, as R's lm.wfit / glm.fit (C_Cdqrls) solve each step:
 * minimise Σ w_i² (z_i − x_i'β)² through the QR decomposition of the rows x_i scaled by w_i,
 * without forming X'WX (whose condition number is the square of X's). Columns are decomposed in
 * order; as dqrdc2 (LINPACK with R's limited pivoting), a column whose norm left after the
 * previous ones is below `tolerance` × its original norm is a linear combination of them: R
 * would move it last and report NA, this returns its index in `aliased` and no solution.
 */
export type WeightedLeastSquares =
  | { aliased: number[] }
  | { aliased: []; coefficients: Float64Array; unscaledCovariance: Float64Array };

/**
 * `design` is row-major (rows × columns); the result's unscaledCovariance is (X'WX)⁻¹ =
 * R⁻¹ R⁻ᵀ (summary.glm's cov.unscaled, chol2inv of the QR's R), row-major.
 */
export function solveWeightedLeastSquares(
  design: Float64Array,
  rows: number,
  columns: number,
  response: Float64Array,
  weights: Float64Array,
  tolerance: number,
): WeightedLeastSquares {
  // Column-major copy of W^(1/2) X, so each Householder reflection walks contiguous memory.
  const a = new Float64Array(rows * columns);
  const originalNorms = new Float64Array(columns);
  for (let j = 0; j < columns; j++) {
    let squares = 0;
    for (let i = 0; i < rows; i++) {
      const value = (design[i * columns + j] ?? 0) * (weights[i] ?? 0);
      a[j * rows + i] = value;
      squares += value * value;
    }
    originalNorms[j] = Math.sqrt(squares);
  }
  const qtz = Float64Array.from(response, (value, i) => value * (weights[i] ?? 0));
  const upper = new Float64Array(columns * columns);
  const aliased: number[] = [];
  // `position`: the row the next reflection starts at (the columns accepted so far); it equals j
  // until a column is found aliased, after which only the aliased columns are still searched.
  let position = 0;
  for (let j = 0; j < columns; j++) {
    const offset = j * rows;
    let squares = 0;
    for (let i = position; i < rows; i++) squares += (a[offset + i] ?? 0) ** 2;
    const norm = Math.sqrt(squares);
    if (!(norm > tolerance * (originalNorms[j] ?? 0)) || norm === 0) {
      aliased.push(j);
      continue;
    }
    // v = x − alpha e_1 with alpha = −sign(x_1) ‖x‖, reflection H = I − 2 v v' / (v'v).
    const start = position;
    const head = a[offset + start] ?? 0;
    const alpha = head > 0 ? -norm : norm;
    a[offset + start] = head - alpha;
    let vv = 0;
    for (let i = start; i < rows; i++) vv += (a[offset + i] ?? 0) ** 2;
    const reflect = (target: Float64Array, targetOffset: number) => {
      let dot = 0;
      for (let i = start; i < rows; i++) dot += (a[offset + i] ?? 0) * (target[targetOffset + i] ?? 0);
      const factor = (2 * dot) / vv;
      for (let i = start; i < rows; i++) target[targetOffset + i] = (target[targetOffset + i] ?? 0) - factor * (a[offset + i] ?? 0);
    };
    for (let k = j + 1; k < columns; k++) reflect(a, k * rows);
    reflect(qtz, 0);
    upper[start * columns + j] = alpha;
    for (let k = j + 1; k < columns; k++) upper[start * columns + k] = a[k * rows + start] ?? 0;
    position++;
  }
  if (aliased.length > 0) return { aliased };

  const coefficients = new Float64Array(columns);
  for (let j = columns - 1; j >= 0; j--) {
    let sum = qtz[j] ?? 0;
    for (let k = j + 1; k < columns; k++) sum -= (upper[j * columns + k] ?? 0) * (coefficients[k] ?? 0);
    coefficients[j] = sum / (upper[j * columns + j] ?? 1);
  }
  // R⁻¹ (upper triangular) by back substitution, then R⁻¹ R⁻ᵀ.
  const inverse = new Float64Array(columns * columns);
  for (let j = 0; j < columns; j++) {
    inverse[j * columns + j] = 1 / (upper[j * columns + j] ?? 1);
    for (let i = j - 1; i >= 0; i--) {
      let sum = 0;
      for (let k = i + 1; k <= j; k++) sum += (upper[i * columns + k] ?? 0) * (inverse[k * columns + j] ?? 0);
      inverse[i * columns + j] = -sum / (upper[i * columns + i] ?? 1);
    }
  }
  const unscaledCovariance = new Float64Array(columns * columns);
  for (let i = 0; i < columns; i++) {
    for (let k = i; k < columns; k++) {
      let sum = 0;
      for (let m = Math.max(i, k); m < columns; m++) sum += (inverse[i * columns + m] ?? 0) * (inverse[k * columns + m] ?? 0);
      unscaledCovariance[i * columns + k] = sum;
      unscaledCovariance[k * columns + i] = sum;
    }
  }
  return { aliased: [], coefficients, unscaledCovariance };
}
