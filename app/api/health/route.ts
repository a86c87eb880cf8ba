import { checkHealth } from "@/lib/health/check-health";

export const dynamic = "force-dynamic";

export async function GET() {
  const report = await checkHealth();
  return Response.json(report, {
    status: report.status === "unavailable" ? 503 : 200,
    headers: { "Cache-Control": "no-store" },
  });
}
