import { AppLink } from "@/components/app-link";
import { CaseForm } from "@/components/cases/case-form";
import { PageHeader } from "@/components/page-header";
import { requirePageUser } from "@/lib/auth/page-guards";
import { emptyCaseDraft } from "@/lib/cases/case-draft";
import { studyIdPattern } from "@/lib/cases/case-schemas";
import { listCaseSites } from "@/lib/cases/list-case-sites";

export const metadata = { title: "New case" };

export default async function NewCasePage() {
  const user = await requirePageUser("COORDINATOR", "ADMIN");
  const sites = await listCaseSites(user);
  return (
    <>
      <PageHeader
        title="New case"
        description={
          <>
            One patient with their HER2 tests, treatment lines and follow-up. Only the diagnosis year and days since diagnosis
            are stored. <AppLink href="/cases" className="text-sky-800 underline">Back to the cases</AppLink>
          </>
        }
      />
      <CaseForm
        mode="new"
        initial={emptyCaseDraft(user.role === "COORDINATOR" ? user.siteId : null)}
        studyIdPattern={studyIdPattern}
        sites={sites.filter((site) => site.active).map((site) => ({ id: site.id, label: `${site.code} · ${site.name}` }))}
        chooseSite={user.role === "ADMIN"}
        readOnly={false}
        canDelete={false}
      />
    </>
  );
}
