// Plain-language names of the chosen survival endpoint and line, for titles and axes. Pure.
import type { DashboardFilters, LineFilter } from "./filters";
import { REGIMEN_CLASS_LABELS } from "./value-labels";

export const LINE_LABELS: Readonly<Record<LineFilter, string>> = {
  any: "any metastatic line",
  "1": "first-line metastatic therapy",
  "2": "second-line metastatic therapy",
  "3": "third-line metastatic therapy",
  "4plus": "fourth-line or later metastatic therapy",
};

export function describeOutcome(filters: Pick<DashboardFilters, "endpoint" | "regimen" | "line">): {
  title: string;
  timeLabel: string;
  lineLabel: string;
  description: string;
} {
  const regimen = filters.regimen === "ANY" ? "any regimen" : REGIMEN_CLASS_LABELS[filters.regimen];
  const lineLabel = LINE_LABELS[filters.line];
  const onLine = `${regimen} as ${lineLabel}`;
  switch (filters.endpoint) {
    case "os":
      return {
        title: "Overall survival from diagnosis",
        timeLabel: "Months since diagnosis",
        lineLabel,
        description:
          "Kaplan-Meier estimate of the share of patients alive over time since diagnosis, by cohort. Deaths from any cause are events; patients alive are censored at their last contact (tick marks). The dashed line marks 50 %: where a curve crosses it is the median survival.",
      };
    case "os-line":
      return {
        title: `Overall survival from the start of ${onLine}`,
        timeLabel: "Months since the start of the line",
        lineLabel,
        description: `Kaplan-Meier estimate of survival from the first dose of ${onLine}, by cohort (each patient's first such line). Deaths are events; patients alive are censored at their last contact (tick marks).`,
      };
    case "pfs":
      return {
        title: `Progression-free survival on ${onLine}`,
        timeLabel: "Months since the start of the line",
        lineLabel,
        description: `Kaplan-Meier estimate of the share of patients alive without progression from the first dose of ${onLine}, by cohort (each patient's first such line). Progression or death, whichever comes first, is the event; others are censored at their last contact (tick marks).`,
      };
  }
}
