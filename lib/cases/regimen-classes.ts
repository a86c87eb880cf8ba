/**
 * Regimen classes as today's drugs group them (issue 14 §6): ADCs split by target, HER2 tyrosine
 * kinase inhibitors, endocrine therapy with a PI3K/AKT/mTOR inhibitor. `regimenClassOfAgents`
 * names the class a line's agents imply; the demo draws its lines with it, and the migration
 * 20261203153706_reclassify_regimen_lines applies the same rules (for the classes it added) to the
 * lines already stored. Pure.
 */
import type { Agent, RegimenClass } from "../generated/prisma/enums";

/** ADCs whose antibody targets HER2, and those targeting TROP2. */
export const HER2_DIRECTED_ADC_CLASSES = ["T_DXD", "T_DM1", "OTHER_HER2_ADC"] as const satisfies readonly RegimenClass[];
export const TROP2_DIRECTED_ADC_CLASSES = ["SACITUZUMAB_GOVITECAN", "OTHER_TROP2_ADC"] as const satisfies readonly RegimenClass[];

export const HER2_TKI_AGENTS = ["LAPATINIB", "NERATINIB", "TUCATINIB", "PYROTINIB"] as const satisfies readonly Agent[];
export const PI3K_AKT_MTOR_AGENTS = ["ALPELISIB", "INAVOLISIB", "CAPIVASERTIB", "EVEROLIMUS"] as const satisfies readonly Agent[];
const CDK46_AGENTS: readonly Agent[] = ["PALBOCICLIB", "RIBOCICLIB", "ABEMACICLIB"];
const PARP_AGENTS: readonly Agent[] = ["OLAPARIB", "TALAZOPARIB"];
const IMMUNOTHERAPY_AGENTS: readonly Agent[] = ["PEMBROLIZUMAB", "ATEZOLIZUMAB"];
const HER2_ANTIBODY_AGENTS: readonly Agent[] = ["TRASTUZUMAB", "PERTUZUMAB"];
const ENDOCRINE_AGENTS: readonly Agent[] = ["TAMOXIFEN", "LETROZOLE", "ANASTROZOLE", "EXEMESTANE", "FULVESTRANT", "ELACESTRANT", "GOSERELIN"];
const CHEMOTHERAPY_AGENTS: readonly Agent[] = [
  "PACLITAXEL",
  "NAB_PACLITAXEL",
  "DOCETAXEL",
  "CAPECITABINE",
  "ERIBULIN",
  "GEMCITABINE",
  "VINORELBINE",
  "CARBOPLATIN",
  "CISPLATIN",
  "DOXORUBICIN",
  "EPIRUBICIN",
  "CYCLOPHOSPHAMIDE",
];

/**
 * The class the agents imply, the most specific first: an ADC names the line (T-DXd, T-DM1, other
 * HER2-directed, sacituzumab, other TROP2-directed); then a HER2 TKI (with or without trastuzumab:
 * lapatinib + capecitabine is a TKI line, not a trastuzumab one); trastuzumab or pertuzumab;
 * a PARP inhibitor; a CDK4/6 inhibitor; a PI3K/AKT/mTOR inhibitor; a checkpoint inhibitor;
 * endocrine agents; chemotherapy. Null when the agents do not say (none, or only OTHER): the
 * class entered stands.
 */
export function regimenClassOfAgents(agents: readonly string[]): RegimenClass | null {
  const has = (list: readonly string[]) => agents.some((agent) => list.includes(agent));
  if (has(["TRASTUZUMAB_DERUXTECAN"])) return "T_DXD";
  if (has(["TRASTUZUMAB_EMTANSINE"])) return "T_DM1";
  if (has(["DISITAMAB_VEDOTIN", "TRASTUZUMAB_REZETECAN"])) return "OTHER_HER2_ADC";
  if (has(["SACITUZUMAB_GOVITECAN"])) return "SACITUZUMAB_GOVITECAN";
  if (has(["DATOPOTAMAB_DERUXTECAN"])) return "OTHER_TROP2_ADC";
  if (has(HER2_TKI_AGENTS)) return "HER2_TKI";
  if (has(HER2_ANTIBODY_AGENTS)) return "TRASTUZUMAB_BASED";
  if (has(PARP_AGENTS)) return "PARP_INHIBITOR";
  if (has(CDK46_AGENTS)) return "ENDOCRINE_CDK46";
  if (has(PI3K_AKT_MTOR_AGENTS)) return "ENDOCRINE_PI3K_AKT_MTOR";
  if (has(IMMUNOTHERAPY_AGENTS)) return "IMMUNOTHERAPY";
  if (has(ENDOCRINE_AGENTS)) return "ENDOCRINE";
  if (has(CHEMOTHERAPY_AGENTS)) return "CHEMOTHERAPY";
  return null;
}
