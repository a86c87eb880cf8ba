import { clopperPearsonInterval } from "./clopper-pearson-interval";
import { assertCount } from "./input-checks";

export type DiagnosticCounts = { truePositive: number; falsePositive: number; falseNegative: number; trueNegative: number };

/** A proportion with its exact interval; null where its denominator is 0 (e.g. no test positives for PPV). */
export type ExactProportion = { estimate: number; lower: number; upper: number } | null;

export type DiagnosticAccuracy = {
  sensitivity: ExactProportion;
  specificity: ExactProportion;
  positivePredictiveValue: ExactProportion;
  negativePredictiveValue: ExactProportion;
};

/**
 * Sensitivity TP / (TP + FN), specificity TN / (TN + FP), and the predictive values of a test
 * against a reference (e.g. an mRNA cut-off against the IHC 0 vs ≥ 1+ call), each with its exact
 * Clopper-Pearson 95 % interval as binom.test(x, n)$conf.int. The predictive values are those
 * of this sample: they depend on its prevalence. Throws a RangeError for counts that are not
 * non-negative integers.
 */
export function diagnosticAccuracy(counts: DiagnosticCounts): DiagnosticAccuracy {
  if (counts === null || typeof counts !== "object") throw new TypeError("counts must be { truePositive, falsePositive, falseNegative, trueNegative }.");
  const { truePositive, falsePositive, falseNegative, trueNegative } = counts;
  assertCount(truePositive, "truePositive");
  assertCount(falsePositive, "falsePositive");
  assertCount(falseNegative, "falseNegative");
  assertCount(trueNegative, "trueNegative");
  return {
    sensitivity: describeProportion(truePositive, truePositive + falseNegative),
    specificity: describeProportion(trueNegative, trueNegative + falsePositive),
    positivePredictiveValue: describeProportion(truePositive, truePositive + falsePositive),
    negativePredictiveValue: describeProportion(trueNegative, trueNegative + falseNegative),
  };
}

function describeProportion(successes: number, n: number): ExactProportion {
  return n === 0 ? null : clopperPearsonInterval(successes, n);
}
