/** Σ_k log s_k, Σ 1/s_k, Σ c_k/s_k, Σ 1/s_k², Σ c_k/s_k², Σ c_k²/s_k² over Efron's steps (s_k = S0 + c_k D0, c_k = k/d). */
export type EfronSums = { sumLog: number; inverse: number; shareOverS: number; inverseSquare: number; shareOverSquare: number; shareSquareOverSquare: number };

/**
 * Above this many tied deaths at one time, Efron's sums are taken in closed form (O(1)) rather
 * than by the loop over the steps (O(d)). Below it the loop is cheaper and is kept bit for bit.
 */
export const EFRON_CLOSED_FORM_THRESHOLD = 32;

let closedFormThreshold = EFRON_CLOSED_FORM_THRESHOLD;

/**
 * For tests and measurements only: sets the number of tied deaths above which the closed form is
 * used (Infinity: always the loop, as before it existed) and returns the previous setting.
 */
export function setEfronClosedFormThreshold(threshold: number): number {
  const previous = closedFormThreshold;
  closedFormThreshold = threshold;
  return previous;
}

/** Whether `steps` tied deaths take the closed form (also what computeCoxIteration asks). */
export function usesEfronClosedForm(steps: number): boolean {
  return steps > closedFormThreshold;
}

/**
 * The six sums of one death time's Efron steps: closed form above the threshold, the loop below.
 * The loop also takes the degenerate cases the closed form is not written for: a number of steps
 * that is not whole, deaths whose risk underflowed to 0, and c = S0 d/D0 beyond 1e100 (where
 * (d/c)² would underflow).
 */
export function efronSums(sum0: number, deathSum0: number, steps: number): EfronSums {
  const closedForm = steps > closedFormThreshold && Number.isInteger(steps) && deathSum0 > 0 && sum0 >= 0 && sum0 < 1e100 * deathSum0;
  return closedForm ? efronSumsClosedForm(sum0, deathSum0, steps) : efronSumsByLoop(sum0, deathSum0, steps);
}

/**
 * The six sums by the loop over the steps. One division per step (1/s_k, then products) and one
 * logarithm per run of steps: the logarithm of their product, kept between 1e-200 and 1e200 (a
 * factor outside 1e-100..1e100 takes its own logarithm), equal to the sum of logarithms to
 * rounding (a few ε per step, as that sum).
 */
export function efronSumsByLoop(sum0: number, deathSum0: number, steps: number): EfronSums {
  let sumLog = 0;
  let product = 1;
  let inverse = 0;
  let shareOverS = 0;
  let inverseSquare = 0;
  let shareOverSquare = 0;
  let shareSquareOverSquare = 0;
  for (let k = 1; k <= steps; k++) {
    const c = k / steps;
    const s = sum0 + c * deathSum0;
    if (s > 1e100 || s < 1e-100) sumLog += Math.log(s);
    else {
      product *= s;
      if (product > 1e200 || product < 1e-200) {
        sumLog += Math.log(product);
        product = 1;
      }
    }
    const inverseS = 1 / s;
    const inverseS2 = inverseS * inverseS;
    inverse += inverseS;
    shareOverS += c * inverseS;
    inverseSquare += inverseS2;
    shareOverSquare += c * inverseS2;
    shareSquareOverSquare += c * c * inverseS2;
  }
  sumLog += Math.log(product);
  return { sumLog, inverse, shareOverS, inverseSquare, shareOverSquare, shareSquareOverSquare };
}

/**
 * The six sums in O(1), for a whole number of steps d ≥ 1 and deathSum0 > 0.
 *
 * With β = D0/d and c = S0/β, s_k = β (c + k), so everything is a sum over k = 1..d of a function
 * of c + k:
 *   Σ 1/s_k = H1/β,  Σ 1/s_k² = H2/β²,  Σ c_k/s_k = G1/D0,  Σ c_k/s_k² = G2/(D0 β),
 *   Σ c_k²/s_k² = G3/D0²,  Σ log s_k = d log(S0 + D0) − P,
 * with H1 = Σ 1/(c+k), H2 = Σ 1/(c+k)², G1 = Σ k/(c+k), G2 = Σ k/(c+k)², G3 = Σ k²/(c+k)² and
 * P = Σ log((c+d)/(c+k)) ≥ 0 (the loop's logarithms of s_k are thus split into the one
 * logarithm of the largest, s_d = S0 + D0, and logarithms of ratios ≥ 1). (G1 = d − c H1, G2 = H1 − c H2, G3 = d − 2c H1 + c² H2, but
 * those differences lose up to all digits when c ≫ d, so the G's are summed in their own right.)
 *
 * While c + 1 < 10 the first terms are added one by one (at most 10) until the argument is
 * a = c + m ≥ 10; the rest, j = 1..n (n = d − m, k = m + j), is Euler–Maclaurin's formula for
 * each function (efronTail): its integral, the half end-point difference and 10 Bernoulli terms
 * (the truncation error is below 1e-18 relative for a ≥ 10, as the asymptotic series of lnΓ, ψ
 * and ψ1 whose differences these are). The shift k = m + j turns the G's of the rest into
 * G(a) + m H(a) combinations of positive terms.
 */
export function efronSumsClosedForm(sum0: number, deathSum0: number, steps: number): EfronSums {
  const d = steps;
  const beta = deathSum0 / d;
  const c = sum0 / beta;
  const m = c < SERIES_START ? Math.min(d, Math.ceil(SERIES_START - c)) : 0;
  let h1 = 0;
  let h2 = 0;
  let g1 = 0;
  let g2 = 0;
  let g3 = 0;
  let p = 0;
  for (let k = 1; k <= m; k++) {
    const u = c + k;
    const inverseU = 1 / u;
    const inverseU2 = inverseU * inverseU;
    h1 += inverseU;
    h2 += inverseU2;
    g1 += k * inverseU;
    g2 += k * inverseU2;
    g3 += k * k * inverseU2;
    p += Math.log1p((d - k) / u);
  }
  const n = d - m;
  if (n > 0) {
    const tail = efronTail(c + m, n);
    h1 += tail.h1;
    h2 += tail.h2;
    g1 += tail.g1 + m * tail.h1;
    g2 += tail.g2 + m * tail.h2;
    g3 += tail.g3 + 2 * m * tail.g2 + m * m * tail.h2;
    p += tail.p;
  }
  // log(S0 + D0) with the rounding of the sum put back (TwoSum): d log s_d is then accurate
  // relative to itself even when s_d is near 1 and its logarithm near zero.
  const last = sum0 + deathSum0;
  const lastBack = last - deathSum0;
  const lastError = sum0 - lastBack + (deathSum0 - (last - lastBack));
  return {
    sumLog: d * (Math.log(last) + lastError / last) - p,
    inverse: h1 / beta,
    shareOverS: g1 / deathSum0,
    inverseSquare: h2 / (beta * beta),
    shareOverSquare: g2 / (deathSum0 * beta),
    shareSquareOverSquare: g3 / (deathSum0 * deathSum0),
  };
}

/** Where Euler–Maclaurin takes over from the explicit terms (the smallest argument a). */
const SERIES_START = 10;

/** B_2, B_4, …, B_20. */
const BERNOULLI = [1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510, 43867 / 798, -174611 / 330];

/**
 * Over j = 1..n with u = a + j (a ≥ 10, n ≥ 1), x = n/a and w = log1p(x):
 *   P  = Σ log((a+n)/u) = a·g(x) − w/2 + corrections,       g(x) = x − log(1+x) = e^w − 1 − w
 *   H1 = Σ 1/u          = w − n/(2a(a+n)) + …
 *   H2 = Σ 1/u²         = x/(a(1+x)) − n(2a+n)/(2a²(a+n)²) + …
 *   G1 = Σ j/u          = a·g(x) + n/(2(a+n)) + …
 *   G2 = Σ j/u²         = h(x) + n/(2(a+n)²) + …,           h(x) = log(1+x) − x/(1+x) = e^{−w} − 1 + w
 *   G3 = Σ j²/u²        = a·q(x) + n²/(2(a+n)²) + …,        q(x) = (1+x) − 1/(1+x) − 2 log(1+x) = 2 (sinh w − w)
 * (integral over 0..n, then (F(n) − F(0))/2, then Σ_j B_2j/(2j)! (F^(2j−1)(n) − F^(2j−1)(0))).
 * g, h and q are the differences that cancel for small x; they are summed as their power series
 * in w (positive terms for g and q, fast-falling alternating ones for h) while w < 1. The
 * Bernoulli terms need differences of inverse powers, taken as a^{−r} expm1(−r w) (no
 * cancellation); those of the G's are combinations of H1's and H2's (the G's are 1 − a/u,
 * 1/u − a/u², 1 − 2a/u + a²/u² in u, whose constants do not differentiate).
 */
function efronTail(a: number, n: number): { p: number; h1: number; h2: number; g1: number; g2: number; g3: number } {
  const x = n / a;
  const w = Math.log1p(x);
  let g: number;
  let h: number;
  let q: number;
  if (w < 1) {
    // Σ_{r≥2} w^r/r!, Σ_{r≥2} (−w)^r/r!, 2 Σ_{odd r≥3} w^r/r!; w^r/r! < 1e-20 by r = 24.
    let term = w;
    g = 0;
    h = 0;
    q = 0;
    for (let r = 2; r <= 26; r++) {
      term *= w / r;
      g += term;
      if (r % 2 === 0) h += term;
      else {
        h -= term;
        q += 2 * term;
      }
    }
  } else {
    g = x - w;
    h = w - x / (1 + x);
    q = 1 + x - 1 / (1 + x) - 2 * w;
  }
  const end = a + n;
  let pCorrection = 0;
  let h1Correction = 0;
  let h2Correction = 0;
  const inverseA = 1 / a;
  let inversePower = inverseA; // a^{−(2j−1)}
  for (let j = 1; j <= BERNOULLI.length; j++) {
    const bernoulli = BERNOULLI[j - 1] ?? 0;
    const r = 2 * j;
    // F^(r−1)(n) − F^(r−1)(0) for F = log(a+n) − log u, 1/u, 1/u², times B_r/r!.
    pCorrection -= (bernoulli / (r * (r - 1))) * inversePower * Math.expm1(-(r - 1) * w);
    inversePower *= inverseA;
    h1Correction -= (bernoulli / r) * inversePower * Math.expm1(-r * w);
    h2Correction -= bernoulli * inversePower * inverseA * Math.expm1(-(r + 1) * w);
    inversePower *= inverseA;
  }
  const p = a * g - w / 2 + pCorrection;
  const h1 = w - n / (2 * a * end) + h1Correction;
  const h2 = x / (a * (1 + x)) - (n * (2 * a + n)) / (2 * a * a * end * end) + h2Correction;
  const g1 = a * g + n / (2 * end) - a * h1Correction;
  const g2 = h + n / (2 * end * end) + (h1Correction - a * h2Correction);
  const g3 = a * q + (n * n) / (2 * end * end) + (a * a * h2Correction - 2 * a * h1Correction);
  return { p, h1, h2, g1, g2, g3 };
}
