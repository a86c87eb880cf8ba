import { getCurrentUser } from "@/lib/auth/guards";
import { checkHealth } from "@/lib/health/check-health";
import { healthBody } from "@/lib/health/health-body";

export const dynamic = "force-dynamic";

/** Public (product.md §1): the status for everyone, the database's details for administrators. */
export async function GET() {
  const report = await checkHealth();
  // Reading the user needs the database: while it is down, everyone gets the status alone.
  const viewer = report.status === "unavailable" ? null : await getCurrentUser().catch(() => null);
  return Response.json(healthBody(report, viewer?.role ?? null), {
    status: report.status === "unavailable" ? 503 : 200,
    headers: { "Cache-Control": "no-store" },
  });
}
