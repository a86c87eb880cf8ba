import { AppLink } from "@/components/app-link";
import { EmptyState } from "@/components/empty-state";

/** What a tab shows when the filters leave no patient (issue 7 §7). */
export function NoPatients({ resetHref }: { resetHref: string }) {
  return (
    <div data-testid="no-patients">
      <EmptyState title="No patients match these filters">
        Widen the diagnosis years, or clear a site, HR status, stage or disease-setting filter.{" "}
        <AppLink href={resetHref} className="font-medium text-sky-800 underline">
          Reset the filters
        </AppLink>
        .
      </EmptyState>
    </div>
  );
}
