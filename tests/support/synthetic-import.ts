// Synthetic cohorts as CSV import files, for the tests that import cases: generated at one site,
// with study IDs `<prefix>-<site code>-<n>` (the site's code, as the study-ID rule asks) so that the files of different tests never collide.
import { templateColumns } from "../../lib/cases/csv-columns";
import { toCsvLine } from "../../lib/cases/csv-write";
import { writeCohortCsv, type CohortCsv } from "../../lib/demo/cohort-csv";
import type { DemoSite } from "../../lib/demo/demo-sites";
import { generateCohort } from "../../lib/demo/generate-cohort";

export type SyntheticCohortOptions = {
  patients: number;
  seed: number;
  siteCode: string;
  prefix: string;
  /** How the site scores (lib/demo): its extra share of IHC 0 read as 1+, and of HercepTest. */
  ihcOneBias?: number;
  hercepTestShare?: number;
};

function syntheticCases(options: SyntheticCohortOptions) {
  const site: DemoSite = { code: options.siteCode, name: "Fixture", weight: 1, ihcOneBias: options.ihcOneBias ?? 0, hercepTestShare: options.hercepTestShare ?? 0.1 };
  return [...generateCohort({ patients: options.patients, seed: options.seed, sites: [site] })].map((demoCase) => ({
    ...demoCase,
    patient: { ...demoCase.patient, studyId: demoCase.patient.studyId.replace(/^HER2-[^-]+/, `${options.prefix}-${options.siteCode}`) },
  }));
}

export function syntheticCohortCsv(options: SyntheticCohortOptions): CohortCsv {
  return writeCohortCsv(syntheticCases(options));
}

const encoder = new TextEncoder();

/** The three files as an upload gives them to importCases. */
export function toImportFiles(csv: CohortCsv) {
  return { patients: encoder.encode(csv.patients), her2_tests: encoder.encode(csv.her2_tests), treatment_lines: encoder.encode(csv.treatment_lines) };
}

export function syntheticImportFiles(options: SyntheticCohortOptions) {
  return toImportFiles(syntheticCohortCsv(options));
}

/** The three files and recurrence_events.csv with the generated cases' entered events (the distant one is days_to_metastasis). */
export function syntheticImportFilesWithEvents(options: SyntheticCohortOptions) {
  const cases = syntheticCases(options);
  const columns = templateColumns("recurrence_events");
  const lines = [toCsvLine(columns.map((column) => column.column))];
  for (const { patient, recurrences } of cases) {
    for (const event of recurrences) {
      if (event.kind === "DISTANT") continue;
      const cells: Record<string, unknown> = { studyId: patient.studyId, kind: event.kind, day: event.day };
      lines.push(toCsvLine(columns.map((column) => cells[column.field] ?? null)));
    }
  }
  return { ...toImportFiles(writeCohortCsv(cases)), recurrence_events: encoder.encode(lines.join("")) };
}
