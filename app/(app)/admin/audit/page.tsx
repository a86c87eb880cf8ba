import { AppLink } from "@/components/app-link";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { AuditChanges } from "@/components/admin/audit-changes";
import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS } from "@/components/admin/audit-labels";
import { formatUtcTime } from "@/components/admin/format-time";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { AuditQuerySchema, type AuditQuery } from "@/lib/audit/schemas";
import { requirePageUser } from "@/lib/auth/page-guards";
import { orPageError } from "@/lib/http/page-errors";
import { firstValues, type RawSearchParams } from "@/lib/http/search-params";
import type { AuditAction, AuditEntity } from "@/lib/generated/prisma/enums";
import { ScrollRegion } from "@/components/scroll-region";

export const metadata = { title: "Audit trail" };

type Props = { searchParams: Promise<RawSearchParams> };

const FILTER_KEYS = ["entity", "entityId", "action", "user", "from", "to"] as const;

function pageHref(query: AuditQuery, page: number): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  if (page > 1) params.set("page", String(page));
  const search = params.toString();
  return search ? `/admin/audit?${search}` : "/admin/audit";
}

function recordHref(entity: AuditEntity, entityId: string | null): string | null {
  if (!entityId) return null;
  switch (entity) {
    case "USER":
      return `/admin/users/${encodeURIComponent(entityId)}`;
    case "SITE":
      return `/admin/sites/${encodeURIComponent(entityId)}`;
    case "PATIENT":
    case "HER2_TEST":
    case "TREATMENT_LINE":
    case "SESSION":
    case "IMPORT":
    case "EXPORT":
    case "REDCAP_MAPPING":
      return null;
  }
}

/**
 * How the Record column names a record (issue 16 §13): a case, test or line by its study ID, a
 * user by its e-mail and a site by its code (with a link); a session's id is an internal token
 * and is not shown.
 */
function recordName(event: { entity: AuditEntity; entityId: string | null; studyId: string | null }): string | null {
  switch (event.entity) {
    case "PATIENT":
      return event.studyId ?? (event.entityId ? "(deleted case)" : null);
    case "HER2_TEST":
    case "TREATMENT_LINE":
      return event.studyId ? `of ${event.studyId}` : null;
    case "SESSION":
      return null;
    case "USER":
    case "SITE":
      return event.studyId ?? event.entityId;
    case "IMPORT":
    case "EXPORT":
    case "REDCAP_MAPPING":
      return event.entityId;
  }
}

/** An e-mail that may wrap after its "@" rather than mid-word. */
function Email({ address }: { address: string }) {
  const at = address.indexOf("@");
  if (at < 0) return <>{address}</>;
  return (
    <>
      {address.slice(0, at)}
      <wbr />
      {address.slice(at)}
    </>
  );
}

const INPUT = "mt-1 block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm aria-[invalid=true]:border-red-600";

export default async function AuditPage({ searchParams }: Props) {
  const user = await requirePageUser("ADMIN");
  const raw = firstValues(await searchParams);
  const parsed = AuditQuerySchema.safeParse(raw);
  const errorFor = (path: string) => (parsed.success ? undefined : parsed.error.issues.find((issue) => issue.path[0] === path)?.message);
  const query = parsed.success ? parsed.data : null;
  const result = query ? await orPageError(listAuditEvents(user, query)) : null;
  const filtered = FILTER_KEYS.some((key) => Boolean(raw[key]));

  const field = (name: "user" | "from" | "to", label: string, type: "text" | "date") => (
    <div>
      <label htmlFor={`audit-${name}`} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <input
        id={`audit-${name}`}
        name={name}
        type={type}
        defaultValue={raw[name] ?? ""}
        aria-invalid={errorFor(name) ? true : undefined}
        aria-describedby={errorFor(name) ? `audit-${name}-error` : undefined}
        className={INPUT}
      />
      {errorFor(name) ? (
        <p id={`audit-${name}-error`} className="mt-1 text-sm text-red-700">
          {errorFor(name)}
        </p>
      ) : null}
    </div>
  );

  return (
    <>
      <PageHeader title="Audit trail" description="Every recorded change, sign-in and sign-out, newest first. Append-only: nothing here can be edited or deleted. Times are UTC." />
      <form method="get" role="search" aria-label="Filter the audit trail" className="mb-4 flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="audit-entity" className="block text-sm font-medium text-slate-800">
            Record
          </label>
          <select id="audit-entity" name="entity" defaultValue={raw.entity ?? ""} aria-invalid={errorFor("entity") ? true : undefined} className={INPUT}>
            <option value="">All records</option>
            {(Object.keys(AUDIT_ENTITY_LABELS) as AuditEntity[]).map((entity) => (
              <option key={entity} value={entity}>
                {AUDIT_ENTITY_LABELS[entity]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-action" className="block text-sm font-medium text-slate-800">
            Action
          </label>
          <select id="audit-action" name="action" defaultValue={raw.action ?? ""} aria-invalid={errorFor("action") ? true : undefined} className={INPUT}>
            <option value="">All actions</option>
            {(Object.keys(AUDIT_ACTION_LABELS) as AuditAction[]).map((action) => (
              <option key={action} value={action}>
                {AUDIT_ACTION_LABELS[action]}
              </option>
            ))}
          </select>
        </div>
        {field("user", "User's e-mail contains", "text")}
        {field("from", "From (UTC)", "date")}
        {field("to", "To (UTC)", "date")}
        {raw.entityId ? <input type="hidden" name="entityId" value={raw.entityId} /> : null}
        <button type="submit" className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-100">
          Filter
        </button>
        {filtered ? (
          <AppLink href="/admin/audit" className="py-2 text-sm text-sky-800 underline">
            Clear filters
          </AppLink>
        ) : null}
      </form>
      {query?.entityId ? (
        <p className="mb-4 text-sm text-slate-700">
          Showing the history of one record: {query.entity ? AUDIT_ENTITY_LABELS[query.entity] : "any kind"} <span className="font-mono">{query.entityId}</span>.
        </p>
      ) : null}

      {!result || !query ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          Some filters are not valid: correct the fields marked above.
        </p>
      ) : result.events.length === 0 && result.total > 0 ? (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          There are only {result.pageCount} pages of events.{" "}
          <AppLink href={pageHref(query, result.pageCount)} className="underline">
            Go to the last page
          </AppLink>
        </p>
      ) : result.events.length === 0 ? (
        <EmptyState title={filtered ? "No events match these filters" : "No events yet"}>
          {filtered ? "Widen the dates or clear the filters." : "Sign-ins, changes to cases, users and sites, imports and exports will appear here."}
        </EmptyState>
      ) : (
        <>
          <ScrollRegion label="Audit events" className="rounded-lg border border-slate-200 bg-white shadow-sm">
            <table className="min-w-full divide-y divide-slate-200 text-sm">
              <caption className="sr-only">Audit events, newest first</caption>
              <thead className="bg-slate-50 text-left text-slate-700">
                <tr>
                  <th scope="col" className="px-4 py-2 font-medium">When (UTC)</th>
                  <th scope="col" className="px-4 py-2 font-medium">User</th>
                  <th scope="col" className="px-4 py-2 font-medium">Action</th>
                  <th scope="col" className="px-4 py-2 font-medium">Record</th>
                  <th scope="col" className="px-4 py-2 font-medium">Site</th>
                  <th scope="col" className="px-4 py-2 font-medium">Changes</th>
                  <th scope="col" className="px-4 py-2 font-medium">Reason</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 align-top">
                {result.events.map((event) => {
                  const href = recordHref(event.entity, event.entityId);
                  return (
                    <tr key={event.id}>
                      <td className="px-4 py-2 whitespace-nowrap tabular-nums">{formatUtcTime(event.at).replace(" UTC", "")}</td>
                      <td className="max-w-[14rem] px-4 py-2 [overflow-wrap:break-word]">{event.userEmail ? <Email address={event.userEmail} /> : <span className="text-slate-600">{event.userId ? "a deleted user" : "system"}</span>}</td>
                      <td className="px-4 py-2 whitespace-nowrap">{AUDIT_ACTION_LABELS[event.action]}</td>
                      <td className="max-w-[14rem] px-4 py-2 [overflow-wrap:anywhere]">
                        {AUDIT_ENTITY_LABELS[event.entity]}
                        {recordName(event) ? (
                          <>
                            {" "}
                            {href ? (
                              <AppLink href={href} className="text-sky-800 underline">
                                {recordName(event)}
                              </AppLink>
                            ) : (
                              <span>{recordName(event)}</span>
                            )}
                          </>
                        ) : null}
                      </td>
                      <td className="px-4 py-2 whitespace-nowrap">{event.site ? (event.site.code ? `Site ${event.site.code}` : "a deleted site") : "—"}</td>
                      <td className="max-w-md min-w-[14rem] px-4 py-2 [overflow-wrap:anywhere]">
                        <AuditChanges changes={event.changes} />
                      </td>
                      <td className="max-w-[12rem] px-4 py-2 [overflow-wrap:anywhere]">{event.reason ?? "—"}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollRegion>
          <nav aria-label="Audit trail pages" className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm">
            <p className="text-slate-600">
              Page {result.page} of {result.pageCount} · {result.total.toLocaleString("en")} event{result.total === 1 ? "" : "s"}
            </p>
            <div className="flex gap-2">
              {result.page > 1 ? (
                <AppLink href={pageHref(query, result.page - 1)} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100">
                  Newer
                </AppLink>
              ) : null}
              {result.page < result.pageCount ? (
                <AppLink href={pageHref(query, result.page + 1)} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100">
                  Older
                </AppLink>
              ) : null}
            </div>
          </nav>
        </>
      )}
    </>
  );
}
