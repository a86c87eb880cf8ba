import type { Role } from "../auth/roles";
import type { HealthReport } from "./check-health";

/**
 * What /api/health tells each caller: anyone (a load balancer, a monitor) gets the status alone,
 * with the 200/503; the database's kind, latency and migrations are for administrators, since
 * they help an attacker more than a monitor (issue 15).
 */
export function healthBody(report: HealthReport, viewerRole: Role | null): HealthReport | Pick<HealthReport, "status"> {
  return viewerRole === "ADMIN" ? report : { status: report.status };
}
