import type { ReactNode } from "react";
import { AdminNav } from "@/components/admin/admin-nav";
import { requirePageUser } from "@/lib/auth/page-guards";

// Administrators only: everyone else gets the 403 page. Each page checks again (layouts and
// pages render independently), and the data layer checks a third time.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requirePageUser("ADMIN");
  return (
    <>
      <AdminNav />
      {children}
    </>
  );
}
