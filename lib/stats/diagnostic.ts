// Public diagnostic-accuracy statistics for a test against a reference call (a quantitative HER2
// measure against IHC 0 vs ≥ 1+), validated against R (binom.test, pROC; see docs/statistics.md).
// The implementations live in the files named after them.
export type { DiagnosticAccuracy, DiagnosticCounts, ExactProportion } from "./diagnostic-accuracy";
export type { RocCurve, RocObservation, RocPoint } from "./roc-curve";
export { diagnosticAccuracy } from "./diagnostic-accuracy";
export { rocCurve } from "./roc-curve";
