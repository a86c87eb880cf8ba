import { requireRole } from "@/lib/auth/guards";
import { withErrorHandling } from "@/lib/http/error-response";
import { buildExampleFiles, ExampleRequestSchema } from "@/lib/redcap/example-files";

/**
 * GET /api/import/redcap/example?file=dictionary|records: the example REDCap project (synthetic,
 * made from the demo cohort). A coordinator's records are those of their own site (their
 * import could not take another site's); an administrator's span the demo sites, one data
 * access group each.
 */
export const GET = withErrorHandling(async (request: Request) => {
  const user = await requireRole("COORDINATOR", "ADMIN");
  const { file } = ExampleRequestSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { fileName, text } = await buildExampleFiles(user, file);
  return new Response(text, { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${fileName}"`, "Cache-Control": "no-store" } });
});
