import { AppLink } from "@/components/app-link";
import { notFound } from "next/navigation";
import { CaseForm } from "@/components/cases/case-form";
import { CohortBadge } from "@/components/cases/cohort-badge";
import { PageHeader } from "@/components/page-header";
import { requirePageUser } from "@/lib/auth/page-guards";
import { can } from "@/lib/auth/roles";
import { draftFromCase } from "@/lib/cases/case-draft";
import { studyIdPattern } from "@/lib/cases/case-schemas";
import { formatAge } from "@/lib/cases/coded-values";
import { getCase } from "@/lib/cases/get-case";
import { listCaseSites } from "@/lib/cases/list-case-sites";
import { CaseIdSchema } from "@/lib/cases/schemas";
import { COHORT_RULES, COHORT_RULE_LABELS } from "@/lib/her2/cohort";
import { orPageError } from "@/lib/http/page-errors";

export const metadata = { title: "Case" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function CasePage({ params, searchParams }: Props) {
  const user = await requirePageUser();
  const id = CaseIdSchema.safeParse((await params).id);
  if (!id.success) notFound();
  const [detail, sites] = await Promise.all([orPageError(getCase(user, id.data)), listCaseSites(user)]);
  const saved = Boolean((await searchParams).saved);
  const canWrite = can(user, "cases:write");
  const cohorts = { latest: detail.cohortLatest, primary: detail.cohortPrimary, highest: detail.cohortHighest };
  // Any saved change to the case gives the form a new key, so it starts again from the stored values.
  const formKey = JSON.stringify([detail.version, detail.tests.map((test) => [test.id, test.version]), detail.lines.map((line) => [line.id, line.version])]);

  return (
    <>
      <PageHeader
        title={`Case ${detail.studyId}`}
        description={`Site ${detail.site.code} · diagnosed ${detail.diagnosisYear} · age ${formatAge(detail.ageAtDiagnosis)} · version ${detail.version}`}
        actions={
          <>
            <AppLink href="/cases" className="rounded-md border border-slate-300 px-3 py-2 text-sm text-slate-700 hover:bg-slate-100">
              All cases
            </AppLink>
            {can(user, "audit:read-site") ? (
              <AppLink href={`/cases/${detail.id}/history`} className="rounded-md border border-slate-300 px-3 py-2 text-sm text-slate-700 hover:bg-slate-100">
                History
              </AppLink>
            ) : null}
            <a href={`/api/exports/fhir/${detail.id}`} download className="rounded-md border border-slate-300 px-3 py-2 text-sm text-slate-700 hover:bg-slate-100">
              mCODE bundle
            </a>
          </>
        }
      />
      {saved ? (
        <p role="status" className="mb-4 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
          Saved. The HER2 categories and cohorts below are the stored, recomputed values.
        </p>
      ) : null}
      {!canWrite ? (
        <p className="mb-4 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700">Read-only: your role can view cases but not change them.</p>
      ) : null}
      <section aria-labelledby="cohorts-title" className="mb-6 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="cohorts-title" className="text-base font-semibold">Stored HER2 cohorts</h2>
        <dl className="mt-2 grid grid-cols-1 gap-3 text-sm sm:grid-cols-4">
          {COHORT_RULES.map((rule) => (
            <div key={rule}>
              <dt className="text-slate-600">{COHORT_RULE_LABELS[rule]}</dt>
              <dd className="mt-1" data-testid={`stored-cohort-${rule}`}>
                <CohortBadge category={cohorts[rule]} />
              </dd>
            </div>
          ))}
          <div>
            <dt className="text-slate-600">HR status</dt>
            <dd className="mt-1">{detail.hrStatus === null ? "Unknown" : detail.hrStatus === "POSITIVE" ? `HR-positive${detail.erLow ? " (ER-low)" : ""}` : "HR-negative"}</dd>
          </div>
        </dl>
      </section>
      <CaseForm
        key={formKey}
        mode="edit"
        caseId={detail.id}
        initial={draftFromCase(detail)}
        studyIdPattern={studyIdPattern}
        sites={sites.map((site) => ({ id: site.id, label: `${site.code} · ${site.name}` }))}
        chooseSite={user.role === "ADMIN"}
        readOnly={!canWrite}
        canDelete={canWrite}
      />
    </>
  );
}
