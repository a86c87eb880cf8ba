import { requireUser } from "@/lib/auth/guards";
import { SurvivalCurveChartSchema, exportSurvivalCurves } from "@/lib/analytics/export-survival-curves";
import { parseDashboardFilters } from "@/lib/analytics/filters";
import { withErrorHandling } from "@/lib/http/error-response";

/**
 * GET /api/exports/survival?<dashboard filters>&chart=cohorts|comparison-pfs|comparison-os|idfs|drfs: every
 * step of the Outcomes tab's Kaplan-Meier curves as CSV (the page draws them thinned), scoped to
 * the user as the page is.
 */
export const GET = withErrorHandling(async (request: Request) => {
  const user = await requireUser();
  const params = new URL(request.url).searchParams;
  const filters = parseDashboardFilters(params);
  const { fileName, csv } = await exportSurvivalCurves(user, filters, SurvivalCurveChartSchema.parse(params.get("chart") ?? undefined));
  return new Response(csv, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${fileName}"`, "Cache-Control": "no-store" },
  });
});
