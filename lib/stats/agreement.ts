// Public agreement statistics between readers or assays on the same specimens, validated against
// R (vcd::Kappa, irr::kappam.fleiss's formulas, binom.test; see docs/statistics.md). The
// implementations live in the files named after them.
export type { CohenKappa, CohenKappaWeights } from "./cohen-kappa";
export type { FleissKappa } from "./fleiss-kappa";
export type { PercentAgreement } from "./percent-agreement";
export { cohenKappa } from "./cohen-kappa";
export { fleissKappa } from "./fleiss-kappa";
export { percentAgreement } from "./percent-agreement";
