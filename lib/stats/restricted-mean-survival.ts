import { computeNormalQuantile, computeNormalTwoSidedPValue } from "./distributions";
import { assertFiniteNumber } from "./input-checks";
import { kaplanMeier } from "./kaplan-meier";
import type { KaplanMeierPoint, SurvivalRecord } from "./survival-types";

export type RestrictedMeanSurvival = { group: string; rmean: number; stdErr: number };

export type RestrictedMeanSurvivalDifference = {
  group: string;
  reference: string;
  difference: number;
  stdErr: number;
  lower: number;
  upper: number;
  pValue: number;
};

/**
 * Restricted mean survival time up to tau per group (the area under the Kaplan-Meier curve from 0
 * to tau) with its standard error, as print(survfit(Surv(time, status) ~ group), rmean = tau)
 * reports rmean and se(rmean) (survival:::survmean, survival 3.5-3):
 *
 * - rmean = Σ rectangles under the step curve from 0 to tau; past the last time the curve is
 *   carried flat to tau (at 0 once it has reached 0);
 * - Var = Σ over times t_k ≤ tau of A_k² d_k / (n_k (n_k − d_k)), A_k the area from t_k to tau
 *   (the Greenwood-type variance of Miller 1981, pp. 195-196; the term is 0 where n_k = d_k);
 * - a group with no time ≤ tau has rmean = tau and stdErr 0.
 *
 * Groups are sorted as kaplanMeier sorts them. Throws a RangeError for a tau that is not finite or
 * is below the smallest time of all records (R: "Truncation point for the mean is < smallest
 * survival"), and kaplanMeier's errors for malformed records; no records → an empty list.
 */
export function restrictedMeanSurvival(records: SurvivalRecord[], tau: number): RestrictedMeanSurvival[] {
  const curves = kaplanMeier(records);
  checkTau(tau, curves.flatMap((curve) => curve.points.map((point) => point.time)));
  return curves.map((curve) => ({ group: curve.group, ...integrateCurve(curve.points, tau) }));
}

/**
 * Each group's restricted mean minus the reference group's, with the standard error
 * √(se_g² + se_ref²) of two independent groups, a normal 95 % interval and two-sided p: what
 * survRM2::rmst2 reports as "RMST (arm=1)-(arm=0)" (same variance formula), computed from
 * restrictedMeanSurvival. Throws a RangeError for an unknown reference group.
 */
export function restrictedMeanSurvivalDifference(
  records: SurvivalRecord[],
  tau: number,
  options: { reference: string },
): RestrictedMeanSurvivalDifference[] {
  return restrictedMeanDifferences(restrictedMeanSurvival(records, tau), options);
}

/**
 * restrictedMeanSurvivalDifference from the groups' restricted means already computed
 * (restrictedMeanSurvival on the same records and τ): a caller that shows both computes the
 * Kaplan-Meier curves once.
 */
export function restrictedMeanDifferences(means: readonly RestrictedMeanSurvival[], options: { reference: string }): RestrictedMeanSurvivalDifference[] {
  const reference = means.find((mean) => mean.group === options?.reference);
  if (reference === undefined) {
    throw new RangeError(
      `The reference group "${String(options?.reference)}" has no patients; groups present: ${means.map((mean) => `"${mean.group}"`).join(", ")}.`,
    );
  }
  const z = computeNormalQuantile(0.975);
  return means
    .filter((mean) => mean !== reference)
    .map((mean) => {
      const difference = mean.rmean - reference.rmean;
      const stdErr = Math.sqrt(mean.stdErr ** 2 + reference.stdErr ** 2);
      return {
        group: mean.group,
        reference: reference.group,
        difference,
        stdErr,
        lower: difference - z * stdErr,
        upper: difference + z * stdErr,
        // 0 / 0 (both curves flat at 1 up to tau) is no difference at all.
        pValue: stdErr === 0 && difference === 0 ? 1 : computeNormalTwoSidedPValue(difference / stdErr),
      };
    });
}

function checkTau(tau: number, times: number[]): void {
  assertFiniteNumber(tau, "tau");
  const smallest = times.reduce((min, time) => Math.min(min, time), Number.POSITIVE_INFINITY);
  if (times.length > 0 && tau < smallest) {
    throw new RangeError(`tau (${tau}) is before the smallest follow-up time (${smallest}); the restricted mean needs tau ≥ ${smallest} (as survfit's rmean).`);
  }
}

/** survmean's rectangles and variance, summed from tau backwards so each area to tau is at hand. */
function integrateCurve(points: KaplanMeierPoint[], tau: number): { rmean: number; stdErr: number } {
  const kept = points.filter((point) => point.time <= tau);
  let areaToTau = 0;
  let variance = 0;
  let next = tau;
  for (let k = kept.length - 1; k >= 0; k--) {
    const point = kept[k];
    if (point === undefined) continue;
    areaToTau += (next - point.time) * point.survival;
    next = point.time;
    if (point.nEvent > 0 && point.nRisk > point.nEvent) {
      variance += (areaToTau * areaToTau * point.nEvent) / (point.nRisk * (point.nRisk - point.nEvent));
    }
  }
  // From 0 to the first time the curve is 1 (kept empty: next is still tau).
  return { rmean: areaToTau + next, stdErr: Math.sqrt(variance) };
}
