// Labels and colours of the regimen comparison's two arms (Okabe-Ito vermillion and blue, both
// at least 4.5:1 against white), literal so that exported images keep them.
import type { RegimenClass } from "@/lib/generated/prisma/enums";
import { REGIMEN_CLASS_LABELS } from "@/lib/analytics/value-labels";
import type { CurveStyle } from "@/components/charts/kaplan-meier-chart";

export const ARM_A_COLOUR = "#b2400c";
export const ARM_B_COLOUR = "#0b5fa5";

export function armStyles(armA: RegimenClass, armB: RegimenClass): Record<string, CurveStyle> {
  return {
    [armA]: { label: `${REGIMEN_CLASS_LABELS[armA]} (A)`, colour: ARM_A_COLOUR, short: "Arm A" },
    [armB]: { label: `${REGIMEN_CLASS_LABELS[armB]} (B)`, colour: ARM_B_COLOUR, short: "Arm B" },
  };
}
