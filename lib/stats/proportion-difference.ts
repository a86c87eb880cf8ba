import { wilsonInterval } from "./wilson-interval";

export type ProportionDifference = {
  /** p1 − p2. */
  difference: number;
  lower: number;
  upper: number;
  method: "Newcombe hybrid score";
};

/**
 * The difference of two independent proportions x1/n1 − x2/n2 (e.g. ORR or pCR rate of two arms)
 * with Newcombe's hybrid score interval (Newcombe 1998, method 10), built from each proportion's
 * Wilson interval (l_i, u_i) = prop.test(x_i, n_i, correct = FALSE)$conf.int:
 *   lower = d − √((p1 − l1)² + (u2 − p2)²),  upper = d + √((u1 − p1)² + (p2 − l2)²).
 * It stays inside [−1, 1] and behaves at 0 % and 100 %, where the Wald interval of
 * prop.test(c(x1, x2), c(n1, n2), correct = FALSE) does not. The same interval as
 * DescTools::BinomDiffCI(method = "score") (not PropCIs::diffscoreci, which inverts a score test).
 * Throws a RangeError for an empty group, x > n or counts that are not non-negative integers.
 */
export function proportionDifference(x1: number, n1: number, x2: number, n2: number, confLevel = 0.95): ProportionDifference {
  const first = wilsonInterval(x1, n1, confLevel);
  const second = wilsonInterval(x2, n2, confLevel);
  const difference = first.estimate - second.estimate;
  return {
    difference,
    lower: difference - Math.hypot(first.estimate - first.lower, second.upper - second.estimate),
    upper: difference + Math.hypot(first.upper - first.estimate, second.estimate - second.lower),
    method: "Newcombe hybrid score",
  };
}
