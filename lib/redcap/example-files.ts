import "server-only";
import { z } from "zod";
import type { SessionUser } from "../auth/roles";
import { getDb } from "../db/client";
import { DEMO_SITES, type DemoSite } from "../demo/demo-sites";
import { buildExampleDictionary, buildExampleRecords, exampleCases } from "./example-project";

export const ExampleRequestSchema = z.object({ file: z.enum(["dictionary", "records"], { error: 'file must be "dictionary" or "records"' }) });

/** The example project for this user: a coordinator's site only (named like a demo site), else every demo site that exists here. */
export async function buildExampleFiles(user: SessionUser, file: "dictionary" | "records"): Promise<{ fileName: string; text: string }> {
  if (file === "dictionary") return { fileName: "her2_registry_redcap_DataDictionary.csv", text: buildExampleDictionary() };
  const db = await getDb();
  const sites = await db.site.findMany({ where: user.role === "COORDINATOR" ? { id: user.siteId ?? -1 } : { active: true }, select: { code: true, name: true }, orderBy: { code: "asc" } });
  const chosen: DemoSite[] = sites.map((site) => ({ ...(DEMO_SITES.find((demo) => demo.code === site.code) ?? { weight: 1, ihcOneBias: 0, hercepTestShare: 0.1 }), code: site.code, name: site.name, weight: DEMO_SITES.find((demo) => demo.code === site.code)?.weight ?? 0.2 }));
  const usable = chosen.filter((site) => /^\d{2,4}$/.test(site.code)).slice(0, 8);
  // Study IDs carry the site code; a site whose code is not digits gets no example records.
  return { fileName: "her2_registry_redcap_records.csv", text: buildExampleRecords(exampleCases(usable.length > 0 ? usable : DEMO_SITES.slice(0, 1))) };
}
