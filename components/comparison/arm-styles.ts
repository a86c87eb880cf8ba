// Labels, colours and dash patterns of the regimen comparison's two arms (from the chart palette,
// whose unit test checks their contrast), literal so that exported images keep them.
import type { RegimenClass } from "@/lib/generated/prisma/enums";
import { REGIMEN_CLASS_LABELS } from "@/lib/analytics/value-labels";
import type { CurveStyle } from "@/components/charts/kaplan-meier-chart";
import { ARM_STYLES } from "@/lib/analytics/chart-palette";

export const ARM_A_COLOUR = ARM_STYLES.A.colour;
export const ARM_B_COLOUR = ARM_STYLES.B.colour;

export function armStyles(armA: RegimenClass, armB: RegimenClass): Record<string, CurveStyle> {
  return {
    [armA]: { label: `${REGIMEN_CLASS_LABELS[armA]} (A)`, colour: ARM_A_COLOUR, textColour: ARM_A_COLOUR, dash: ARM_STYLES.A.dash, short: "Arm A" },
    [armB]: { label: `${REGIMEN_CLASS_LABELS[armB]} (B)`, colour: ARM_B_COLOUR, textColour: ARM_B_COLOUR, dash: ARM_STYLES.B.dash, short: "Arm B" },
  };
}
