import { DashboardLoading } from "@/components/dashboard/dashboard-loading";

export default function Loading() {
  return <DashboardLoading label="Loading HER2 transitions and calling rates…" />;
}
