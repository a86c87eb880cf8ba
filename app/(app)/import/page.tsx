import { AppLink } from "@/components/app-link";
import { ImportPanel } from "@/components/cases/import-panel";
import { PageHeader } from "@/components/page-header";
import { requirePageUser } from "@/lib/auth/page-guards";
import { MAX_IMPORT_BYTES } from "@/lib/cases/import-request";

export const metadata = { title: "Import" };

export default async function ImportPage() {
  const user = await requirePageUser("COORDINATOR", "ADMIN");
  return (
    <>
      <PageHeader
        title="Import"
        description={
          user.role === "COORDINATOR"
            ? "Add or update many cases of your site at once from CSV files. Nothing is written until every row is valid, and then everything is written together."
            : "Add or update many cases of any site at once from CSV files (give each patient's site_code). Nothing is written until every row is valid."
        }
      />
      <section aria-labelledby="template-title" className="mb-6 rounded-lg border border-slate-200 bg-white p-4 text-sm">
        <h2 id="template-title" className="text-base font-semibold">Template and data dictionary</h2>
        <p className="mt-1 text-slate-700">
          Three tidy files: <code>patients.csv</code> (one row per patient), <code>her2_tests.csv</code> and{" "}
          <code>treatment_lines.csv</code> (one row per test or line, tied to the patient by <code>study_id</code>). No calendar
          dates: the diagnosis year and days since diagnosis only.
        </p>
        <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1">
          <li><a className="text-sky-800 underline" href="/api/import/template" download>Template (ZIP: three files and the dictionary)</a></li>
          <li><a className="text-sky-800 underline" href="/api/import/template?file=patients" download>patients.csv</a></li>
          <li><a className="text-sky-800 underline" href="/api/import/template?file=her2_tests" download>her2_tests.csv</a></li>
          <li><a className="text-sky-800 underline" href="/api/import/template?file=treatment_lines" download>treatment_lines.csv</a></li>
          <li><a className="text-sky-800 underline" href="/api/import/template?file=recurrence_events" download>recurrence_events.csv</a></li>
          <li><a className="text-sky-800 underline" href="/api/import/dictionary" download>Data dictionary (Markdown)</a></li>
        </ul>
        <p className="mt-2 text-slate-700">
          Cases kept in REDCap? <AppLink className="text-sky-800 underline" href="/import/redcap">Import a REDCap project</AppLink> (data dictionary and records export, mapped once).
        </p>
      </section>
      <ImportPanel maxMegabytes={MAX_IMPORT_BYTES / 1_000_000} />
    </>
  );
}
