import { COHORT_RULE_LABELS, type CohortRule } from "@/lib/her2/cohort";

/**
 * Says on the page which rule grouped the numbers below it (her2-rules.md, "HER2 status in time"):
 * - "from-diagnosis" (Table 1, overall survival from diagnosis): the cohort rule; a warning under
 *   `latest` or `highest`, whose later tests let survival choose the group (immortal-time bias);
 * - "line-start" (PFS, OS from a line, response): the status known at the line's start, whatever
 *   the cohort rule.
 */
export function CohortRuleNotice({ rule, analysis }: { rule: CohortRule; analysis: "from-diagnosis" | "line-start" }) {
  if (analysis === "line-start") {
    return (
      <p className="rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-950" data-testid="line-start-notice">
        Line-based results group each patient by the HER2 status known at the start of that line (the latest evaluable specimen taken on or before the first
        dose), whatever the cohort rule: a test taken after the line started never moves a patient between groups.
      </p>
    );
  }
  if (rule === "primary") {
    return (
      <p className="text-sm text-slate-600" data-testid="cohort-rule-notice">
        Grouped by the HER2 status at diagnosis (cohort rule &ldquo;{COHORT_RULE_LABELS.primary}&rdquo;: the earliest evaluable test of the primary tumour taken
        before any neoadjuvant therapy).
      </p>
    );
  }
  return (
    <p role="note" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950" data-testid="immortal-time-warning">
      <strong className="font-semibold">Cohort rule &ldquo;{COHORT_RULE_LABELS[rule]}&rdquo;:</strong> tests taken after diagnosis decide the groups, so patients who
      lived long enough to be tested again can move between them and survival seems to depend on the group (immortal-time bias). For characteristics at
      diagnosis and survival from diagnosis, use &ldquo;{COHORT_RULE_LABELS.primary}&rdquo;.
    </p>
  );
}
