// The query of an interoperability export: the format, and the dashboard's patient filters
// (sites, diagnosis years, HR status, stage, disease setting), parsed as the dashboards parse
// them. Pure.
import { z } from "zod";
import { parseDashboardFilters, type DashboardFilters } from "../analytics/filters";

export const FhirFormatSchema = z.enum(["ndjson", "zip"], { error: 'format must be "ndjson" or "zip"' }).default("ndjson");

export function exportFiltersOf(url: URL): DashboardFilters {
  return parseDashboardFilters(url.searchParams);
}
