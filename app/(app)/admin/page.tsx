import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";

export const metadata = { title: "Admin" };

export default function AdminPage() {
  return (
    <>
      <PageHeader title="Admin" description="Users, roles, sites and the audit trail." />
      <EmptyState title="Administration is on its way">
        Manage users and their roles and sites, manage sites, and read the full audit trail.
      </EmptyState>
    </>
  );
}
