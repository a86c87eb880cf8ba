import { AppLink } from "@/components/app-link";
import { notFound } from "next/navigation";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { requirePageUser } from "@/lib/auth/page-guards";
import { compareFields, labelOfField } from "@/lib/cases/field-labels";
import { readableValue } from "@/lib/cases/readable-values";
import { listCaseHistory } from "@/lib/cases/list-case-history";
import { CaseIdSchema } from "@/lib/cases/schemas";
import { orPageError } from "@/lib/http/page-errors";

export const metadata = { title: "Case history" };

const ACTION_LABELS: Readonly<Record<string, string>> = {
  CREATE: "Created",
  UPDATE: "Changed",
  DELETE: "Deleted",
  RESTORE: "Restored",
};

export default async function CaseHistoryPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser("COORDINATOR", "ADMIN");
  const id = CaseIdSchema.safeParse((await params).id);
  if (!id.success) notFound();
  const history = await orPageError(listCaseHistory(user, id.data));
  return (
    <>
      <PageHeader
        title={`History of case ${history.patient.studyId}`}
        description="Every change to this case, newest first: who, when, what changed (before → after) and why. The audit trail cannot be edited or deleted."
        actions={
          <AppLink href={`/cases/${history.patient.id}`} className="rounded-md border border-slate-300 px-3 py-2 text-sm text-slate-700 hover:bg-slate-100">
            Back to the case
          </AppLink>
        }
      />
      {history.events.length === 0 ? (
        <EmptyState title="No recorded changes">Cases loaded by the demo seed have no per-case events; changes made from now on appear here.</EmptyState>
      ) : (
        <ol className="space-y-3" aria-label="Audit events">
          {history.events.map((event) => (
            <li key={event.id} className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
              <p className="flex flex-wrap items-baseline gap-x-3">
                <span className="font-semibold">{ACTION_LABELS[event.action] ?? event.action}: {event.subject}</span>
                <time dateTime={event.at} className="text-slate-600">{event.at.slice(0, 19).replace("T", " ")} UTC</time>
                <span className="text-slate-600">by {event.userEmail ?? "the system"}</span>
              </p>
              {event.reason ? <p className="mt-1"><span className="text-slate-600">Reason:</span> {event.reason}</p> : null}
              {event.changes && Object.keys(event.changes).length > 0 ? (
                <table className="mt-2 w-full text-left [overflow-wrap:anywhere]">
                  <caption className="sr-only">Changed fields</caption>
                  <thead className="text-slate-600">
                    <tr>
                      <th scope="col" className="pr-6 font-medium">Field</th>
                      <th scope="col" className="pr-6 font-medium">Before</th>
                      <th scope="col" className="font-medium">After</th>
                    </tr>
                  </thead>
                  <tbody>
                    {Object.entries(event.changes).sort(([a], [b]) => compareFields(a, b)).map(([field, change]) => (
                      <tr key={field}>
                        <td className="pr-6">{labelOfField(field)}</td>
                        <td className="pr-6">{readableValue(field, change?.before)}</td>
                        <td>{readableValue(field, change?.after)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
