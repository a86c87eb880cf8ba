import { requireUser } from "@/lib/auth/guards";
import { studyIdPattern } from "@/lib/cases/case-schemas";
import { buildImportDictionary } from "@/lib/cases/import-template";
import { withErrorHandling } from "@/lib/http/error-response";

/** GET /api/import/dictionary: the import data dictionary (Markdown), generated from the schemas. */
export const GET = withErrorHandling(async () => {
  await requireUser();
  return new Response(buildImportDictionary(studyIdPattern), {
    headers: { "Content-Type": "text/markdown; charset=utf-8", "Content-Disposition": 'attachment; filename="import-data-dictionary.md"' },
  });
});
