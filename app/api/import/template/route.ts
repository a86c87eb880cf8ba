import { strToU8, zipSync } from "fflate";
import { z } from "zod";
import { requireRole } from "@/lib/auth/guards";
import { studyIdPattern } from "@/lib/cases/case-schemas";
import { CASE_FILES, CSV_FILE_NAMES } from "@/lib/cases/csv-columns";
import { buildImportDictionary, buildTemplateCsv } from "@/lib/cases/import-template";
import { withErrorHandling } from "@/lib/http/error-response";

const TemplateQuerySchema = z.object({ file: z.enum(CASE_FILES, { error: `file must be one of ${CASE_FILES.join(", ")}` }).optional() });

/** GET /api/import/template: the template files and the dictionary as a ZIP; ?file=patients for one CSV. */
export const GET = withErrorHandling(async (request: Request) => {
  await requireRole("COORDINATOR", "ADMIN");
  const { file } = TemplateQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  if (file) {
    return new Response(buildTemplateCsv(file), {
      headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${CSV_FILE_NAMES[file]}"` },
    });
  }
  const zip = zipSync({
    ...Object.fromEntries(CASE_FILES.map((name) => [CSV_FILE_NAMES[name], strToU8(buildTemplateCsv(name))])),
    "import-data-dictionary.md": strToU8(buildImportDictionary(studyIdPattern)),
  });
  return new Response(zip, { headers: { "Content-Type": "application/zip", "Content-Disposition": 'attachment; filename="her2-import-template.zip"' } });
});
