// The display texts the FHIR export sends, from the case form's labels. Pure.
import { Agent, formatAgent } from "../cases/coded-values";

export {
  BEST_RESPONSE_LABELS,
  HER2_ASSAY_LABELS,
  HISTOLOGIC_TYPE_LABELS,
  MEASURABILITY_LABELS,
  RECURRENCE_KIND_LABELS,
  REGIMEN_CLASS_LABELS,
  RESPONSE_CONFIRMATION_LABELS,
  SPECIMEN_LABELS,
  SPECIMEN_SITE_LABELS,
  SURGERY_TYPE_LABELS,
  TREATMENT_SETTING_LABELS,
} from "../cases/coded-values";

export const AGENT_LABELS_FOR_FHIR: Readonly<Record<string, string>> = Object.fromEntries(Object.values(Agent).map((agent) => [agent, formatAgent(agent)]));
