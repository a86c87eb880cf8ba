import { DashboardLoading } from "@/components/dashboard/dashboard-loading";

export default function Loading() {
  return <DashboardLoading label="Loading reader and assay agreement…" />;
}
