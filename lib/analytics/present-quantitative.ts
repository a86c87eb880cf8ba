// The quantitative HER2 charts of the Agreement tab as sent to the browser (issue 13 §3): the
// measure's distribution by IHC score, its ROC curve against IHC 0 vs ≥1+ with the AUC and
// DeLong's CI, and the sensitivity and specificity of one cut-off with exact CIs. Pure.
import { IHC_SCORES, type IhcScore } from "../her2/classify";
import { diagnosticAccuracy, rocCurve, type ExactProportion, type RocObservation } from "../stats/diagnostic";
import type { QuantitativeCounts, ValueCount } from "./quantitative-her2";
import { MEASURES, type QuantitativeMeasure } from "./quantitative-measures";
import { isSuppressed, suppressCount, type ShownCount } from "./small-cells";

export type BoxView = { score: IhcScore; n: ShownCount; box: { p05: number; q1: number; median: number; q3: number; p95: number } | null };

export type RocView = {
  auc: number;
  lower: number;
  upper: number;
  method: "DeLong";
  /** 1 − specificity and sensitivity, thinned so that no step stands for fewer than k reads. */
  points: { falsePositiveRate: number; sensitivity: number }[];
} | null;

export type CutOffView = {
  cut: number;
  /** "chosen" from the URL, or "youden": the cut-off of the ROC curve maximising sensitivity + specificity − 1. */
  source: "chosen" | "youden";
  /** Reads called ≥1+ by the measure: value ≥ cut (value ≤ cut for ΔCt, where less means more mRNA). */
  rule: string;
  counts: { truePositive: ShownCount; falsePositive: ShownCount; falseNegative: ShownCount; trueNegative: ShownCount };
  sensitivity: ExactProportion;
  specificity: ExactProportion;
} | null;

export type QuantitativeView = {
  measure: QuantitativeMeasure;
  label: string;
  reads: ShownCount;
  /** Reads with IHC ≥1+ (the reference's positives) and IHC 0. */
  atLeastOnePlus: ShownCount;
  zero: ShownCount;
  boxes: BoxView[];
  roc: RocView;
  cutOff: CutOffView;
};

/** The measure as a score where higher means ≥1+ (ΔCt is negated). */
function orientedScore(measure: QuantitativeMeasure, value: number): number {
  return MEASURES[measure].higherIsMore ? value : -value;
}

function observationsOf(values: readonly ValueCount[], measure: QuantitativeMeasure): RocObservation[] {
  const observations: RocObservation[] = [];
  for (const group of values) {
    const score = orientedScore(measure, group.value);
    for (let i = 0; i < group.n; i++) observations.push({ score, positive: group.atLeastOnePlus });
  }
  return observations;
}

/**
 * Keeps the ROC points from which no step (between two kept points) stands for fewer than k
 * reads, and at most about 200 points; the first and last points are always kept.
 */
function thinPoints(points: readonly { falsePositiveRate: number; sensitivity: number }[], positives: number, negatives: number, threshold: number) {
  const minimumStep = Math.max(threshold, Math.ceil((positives + negatives) / 200));
  const kept: { falsePositiveRate: number; sensitivity: number }[] = [];
  let last: { falsePositiveRate: number; sensitivity: number } | null = null;
  points.forEach((point, index) => {
    const reads = last === null ? Number.POSITIVE_INFINITY : Math.abs(point.sensitivity - last.sensitivity) * positives + Math.abs(point.falsePositiveRate - last.falsePositiveRate) * negatives;
    if (last === null || index === points.length - 1 || reads >= minimumStep - 1e-9) {
      kept.push(point);
      last = point;
    }
  });
  return kept;
}

function presentCutOff(values: readonly ValueCount[], measure: QuantitativeMeasure, cut: number, source: "chosen" | "youden", threshold: number): CutOffView {
  const calledPositive = (value: number) => orientedScore(measure, value) >= orientedScore(measure, cut);
  const counts = { truePositive: 0, falsePositive: 0, falseNegative: 0, trueNegative: 0 };
  for (const group of values) {
    const positive = calledPositive(group.value);
    if (group.atLeastOnePlus) counts[positive ? "truePositive" : "falseNegative"] += group.n;
    else counts[positive ? "falsePositive" : "trueNegative"] += group.n;
  }
  const accuracy = diagnosticAccuracy(counts);
  const hidden = (numerator: number, denominator: number) => isSuppressed(numerator, threshold) || isSuppressed(denominator, threshold);
  return {
    cut,
    source,
    rule: `${MEASURES[measure].higherIsMore ? "≥" : "≤"} ${cut}`,
    counts: {
      truePositive: suppressCount(counts.truePositive, threshold),
      falsePositive: suppressCount(counts.falsePositive, threshold),
      falseNegative: suppressCount(counts.falseNegative, threshold),
      trueNegative: suppressCount(counts.trueNegative, threshold),
    },
    sensitivity: hidden(counts.truePositive, counts.truePositive + counts.falseNegative) ? null : accuracy.sensitivity,
    specificity: hidden(counts.trueNegative, counts.trueNegative + counts.falsePositive) ? null : accuracy.specificity,
  };
}

export function presentQuantitative(counts: QuantitativeCounts, measure: QuantitativeMeasure, cut: number | undefined, threshold: number): QuantitativeView {
  const positives = counts.values.reduce((sum, group) => sum + (group.atLeastOnePlus ? group.n : 0), 0);
  const negatives = counts.values.reduce((sum, group) => sum + (group.atLeastOnePlus ? 0 : group.n), 0);
  const boxes = IHC_SCORES.flatMap((score): BoxView[] => {
    const row = counts.byScore.find((entry) => entry.score === score);
    if (!row) return [];
    const shown = !isSuppressed(row.n, threshold);
    return [{ score, n: suppressCount(row.n, threshold), box: shown ? { p05: row.p05, q1: row.q1, median: row.median, q3: row.q3, p95: row.p95 } : null }];
  });
  // The ROC curve needs both classes, each not a small count.
  const rocShown = positives > 0 && negatives > 0 && !isSuppressed(positives, threshold) && !isSuppressed(negatives, threshold);
  const curve = rocShown ? rocCurve(observationsOf(counts.values, measure)) : null;
  let cutOff: CutOffView = null;
  if (cut !== undefined && positives + negatives > 0) cutOff = presentCutOff(counts.values, measure, cut, "chosen", threshold);
  else if (curve !== null) {
    // Youden's J over the finite thresholds (the midpoints between observed values).
    let best: { threshold: number; j: number } | null = null;
    for (const point of curve.points) {
      if (!Number.isFinite(point.threshold)) continue;
      const j = point.sensitivity + point.specificity - 1;
      if (best === null || j > best.j) best = { threshold: point.threshold, j };
    }
    if (best !== null) {
      const value = MEASURES[measure].higherIsMore ? best.threshold : -best.threshold;
      cutOff = presentCutOff(counts.values, measure, Number(value.toFixed(6)), "youden", threshold);
    }
  }
  return {
    measure,
    label: MEASURES[measure].label,
    reads: suppressCount(positives + negatives, threshold),
    atLeastOnePlus: suppressCount(positives, threshold),
    zero: suppressCount(negatives, threshold),
    boxes,
    roc:
      curve === null || !Number.isFinite(curve.auc)
        ? null
        : {
            auc: curve.auc,
            lower: curve.lower,
            upper: curve.upper,
            method: curve.method,
            points: thinPoints(
              [...curve.points].reverse().map((point) => ({ falsePositiveRate: 1 - point.specificity, sensitivity: point.sensitivity })),
              positives,
              negatives,
              threshold,
            ),
          },
    cutOff,
  };
}
