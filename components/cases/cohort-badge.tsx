import { HER2_CATEGORY_LABELS, type Her2Category } from "@/lib/her2/classify";

// Colours from the theme (app/globals.css, Okabe-Ito), shown as a dot beside the label so that
// the text keeps full contrast and the colour is never the only cue.
const DOT_CLASS: Readonly<Record<Her2Category | "UNCLASSIFIED", string>> = {
  POSITIVE: "bg-cohort-positive",
  LOW: "bg-cohort-low",
  ULTRALOW: "bg-cohort-ultralow",
  ZERO: "bg-cohort-zero",
  ZERO_NOS: "bg-cohort-zero-nos",
  EQUIVOCAL: "bg-cohort-unclassified",
  INDETERMINATE: "bg-cohort-unclassified",
  UNCLASSIFIED: "bg-cohort-unclassified",
};

export function CohortBadge({ category }: { category: Her2Category | null }) {
  const key = category ?? "UNCLASSIFIED";
  const label = category ? HER2_CATEGORY_LABELS[category] : "Unclassified";
  return (
    <span className="inline-flex items-center gap-1.5 rounded-full border border-slate-300 bg-white px-2 py-0.5 text-xs font-medium whitespace-nowrap text-slate-800">
      <span aria-hidden="true" className={`size-2.5 rounded-full ${DOT_CLASS[key]}`} />
      {label}
    </span>
  );
}
