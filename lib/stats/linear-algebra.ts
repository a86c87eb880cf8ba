// Small dense symmetric positive-definite algebra for the Cox, logistic and log-rank computations
// (matrices of size groups - 1 or covariates, so a plain Cholesky decomposition is enough).

/** Cholesky factor L (lower, row-major) of a symmetric positive-definite matrix, or null if it is not. */
export function decomposeCholesky(matrix: Float64Array, size: number): Float64Array | null {
  const lower = new Float64Array(size * size);
  // Relative pivot tolerance in the spirit of survival's cholesky2 (toler.chol = eps^0.75).
  let largestDiagonal = 0;
  for (let i = 0; i < size; i++) largestDiagonal = Math.max(largestDiagonal, Math.abs(matrix[i * size + i] ?? 0));
  const tolerance = largestDiagonal * Math.pow(Number.EPSILON, 0.75);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = matrix[i * size + j] ?? 0;
      for (let k = 0; k < j; k++) sum -= (lower[i * size + k] ?? 0) * (lower[j * size + k] ?? 0);
      if (i === j) {
        if (!(sum > tolerance)) return null;
        lower[i * size + i] = Math.sqrt(sum);
      } else {
        lower[i * size + j] = sum / (lower[j * size + j] ?? 1);
      }
    }
  }
  return lower;
}

/**
 * The columns that make a symmetric matrix singular, as survival's cholesky2 finds them: an
 * LDL' decomposition in column order in which a pivot below toler.chol (ε^0.75) times the largest
 * diagonal marks its column as a linear combination of the columns before it (or constant), and
 * that column is then left out. Empty for a positive-definite matrix.
 */
export function findSingularColumns(matrix: Float64Array, size: number): number[] {
  const work = Float64Array.from(matrix);
  let largestDiagonal = 0;
  for (let i = 0; i < size; i++) largestDiagonal = Math.max(largestDiagonal, work[i * size + i] ?? 0);
  const tolerance = (largestDiagonal === 0 ? 1 : largestDiagonal) * Math.pow(Number.EPSILON, 0.75);
  const singular: number[] = [];
  for (let i = 0; i < size; i++) {
    const pivot = work[i * size + i] ?? 0;
    if (!Number.isFinite(pivot) || pivot < tolerance) {
      singular.push(i);
      continue;
    }
    for (let j = i + 1; j < size; j++) {
      const ratio = (work[j * size + i] ?? 0) / pivot;
      work[j * size + i] = ratio;
      work[j * size + j] = (work[j * size + j] ?? 0) - ratio * ratio * pivot;
      for (let k = j + 1; k < size; k++) work[k * size + j] = (work[k * size + j] ?? 0) - ratio * (work[k * size + i] ?? 0);
    }
  }
  return singular;
}

/** Solves (L L') x = b for x given the Cholesky factor L. */
export function solveWithCholesky(lower: Float64Array, size: number, rightHandSide: Float64Array): Float64Array {
  const y = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    let sum = rightHandSide[i] ?? 0;
    for (let k = 0; k < i; k++) sum -= (lower[i * size + k] ?? 0) * (y[k] ?? 0);
    y[i] = sum / (lower[i * size + i] ?? 1);
  }
  const x = new Float64Array(size);
  for (let i = size - 1; i >= 0; i--) {
    let sum = y[i] ?? 0;
    for (let k = i + 1; k < size; k++) sum -= (lower[k * size + i] ?? 0) * (x[k] ?? 0);
    x[i] = sum / (lower[i * size + i] ?? 1);
  }
  return x;
}

/** Inverse of a symmetric positive-definite matrix from its Cholesky factor. */
export function invertWithCholesky(lower: Float64Array, size: number): Float64Array {
  const inverse = new Float64Array(size * size);
  for (let column = 0; column < size; column++) {
    const unit = new Float64Array(size);
    unit[column] = 1;
    const solved = solveWithCholesky(lower, size, unit);
    for (let row = 0; row < size; row++) inverse[row * size + column] = solved[row] ?? 0;
  }
  return inverse;
}

/** x' A^{-1} x, the quadratic form behind the log-rank, score and Wald statistics. */
export function computeQuadraticFormWithInverse(lower: Float64Array, size: number, x: Float64Array): number {
  const solved = solveWithCholesky(lower, size, x);
  let sum = 0;
  for (let i = 0; i < size; i++) sum += (x[i] ?? 0) * (solved[i] ?? 0);
  return sum;
}
