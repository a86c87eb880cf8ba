import "server-only";
// The second half of an import's validation, against the database: sites, study IDs that
// already exist, versions in "update existing" mode, tests and lines tied to their patient, and
// the rules that span a case. Produces the plan of every row to write, with derived columns.
import type { PrismaClient } from "../generated/prisma/client";
import type { SessionUser } from "../auth/roles";
import { diffFields, hasChanges, type FieldChanges } from "./audit-changes";
import { CSV_FILE_NAMES, toSnakeCase } from "./csv-columns";
import {
  STORED_LINE_FIELDS,
  STORED_PATIENT_FIELDS,
  STORED_TEST_FIELDS,
  toLineValues,
  toPatientValues,
  toTestValues,
  type LineValues,
  type PatientValues,
  type TestValues,
} from "./case-row-values";
import {
  AUDITED_DERIVED_FIELDS,
  PATIENT_DERIVED_FIELDS,
  deriveCaseColumns,
  derivedColumnsDiffer,
  LINE_DERIVED_FIELDS,
  TEST_ROW_DERIVED_FIELDS,
  type LineDerivedColumns,
  type PatientDerivedColumns,
  type TestRowDerivedColumns,
} from "./derive-case";
import type { ImportErrors, LineRow, PatientRow, TestRow } from "./import-rows";
import { findCrossFieldIssues } from "./schemas";
import { studyIdPattern } from "./case-schemas";
import { siteCodeOfStudyId, wrongSiteMessage } from "./study-id";

export type PlannedTest = TestValues & TestRowDerivedColumns;
export type PlannedLine = LineValues & LineDerivedColumns;

export type NewCasePlan = {
  row: number;
  studyId: string;
  siteId: number;
  patient: PatientValues & PatientDerivedColumns;
  tests: PlannedTest[];
  lines: PlannedLine[];
};

export type RowChange<V> = { id: number; version: number; values: V; changes: FieldChanges };

/** A stored row the file leaves as it is, whose derived columns change with the rest of the case. */
export type DerivedRefresh<V> = { id: number; values: V };

export type UpdatePlan = {
  row: number;
  patientId: number;
  siteId: number;
  expectedVersion: number;
  patientValues: PatientValues & PatientDerivedColumns;
  enteredChanges: FieldChanges;
  /** Changes of the audited derived values (HR status, cohorts…). */
  derivedChanges: FieldChanges;
  /** Whether any stored derived column differs, audited or not (then the patient row is rewritten). */
  derivedStale: boolean;
  newTests: PlannedTest[];
  changedTests: RowChange<PlannedTest>[];
  newLines: PlannedLine[];
  changedLines: RowChange<PlannedLine>[];
  refreshedTests: DerivedRefresh<TestRowDerivedColumns>[];
  refreshedLines: DerivedRefresh<LineDerivedColumns>[];
};

export type ImportPlan = { newCases: NewCasePlan[]; updates: UpdatePlan[]; existingStudyIds: string[] };

type PlanInput = {
  patientRows: readonly (PatientRow | null)[];
  testRows: readonly (TestRow | null)[];
  lineRows: readonly (LineRow | null)[];
  /** Every study ID written in patients.csv, valid row or not. */
  listedStudyIds: ReadonlySet<string>;
  mode: "create" | "update";
  errors: ImportErrors;
};

/**
 * Study IDs (or patient ids) per lookup query, the queries one after the other: Prisma builds a
 * query's parameters synchronously, and four queries of 5,000 at once held the event loop for
 * most of a second.
 */
const LOOKUP_CHUNK = 1_000;

/**
 * Planning runs on the request thread (it needs the database), and 85,000 patients at once
 * delayed every page by 27 s (issue 15 §5): it yields to the event loop whenever it has run for
 * this long, so other requests are served in between.
 */
const SLICE_MS = 15;

/** Yields to the event loop when the current slice has run SLICE_MS; call it often. */
function createSlicer(): () => Promise<void> | null {
  let sliceStart = performance.now();
  return () => {
    if (performance.now() - sliceStart < SLICE_MS) return null;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        sliceStart = performance.now();
        resolve();
      }),
    );
  };
}

/** The lookups of `keys`, LOOKUP_CHUNK at a time, one query after the other. */
async function lookUpInChunks<K, R>(keys: readonly K[], lookUp: (chunk: K[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (const chunk of chunks(keys)) out.push(...(await lookUp(chunk)));
  return out;
}

function groupByPatientId<R extends { patientId: number }>(rows: readonly R[]): Map<number, R[]> {
  const groups = new Map<number, R[]>();
  for (const row of rows) {
    const list = groups.get(row.patientId) ?? [];
    list.push(row);
    groups.set(row.patientId, list);
  }
  return groups;
}

function chunks<T>(items: readonly T[], size = LOOKUP_CHUNK): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

function groupByStudyId<R extends { studyId: string }>(rows: readonly (R | null)[]): Map<string, R[]> {
  const groups = new Map<string, R[]>();
  for (const row of rows) {
    if (!row) continue;
    const list = groups.get(row.studyId) ?? [];
    list.push(row);
    groups.set(row.studyId, list);
  }
  return groups;
}

type Source = { file: "her2_tests" | "treatment_lines"; row: number } | { existing: string };

export async function planImport(db: PrismaClient, user: SessionUser, input: PlanInput): Promise<ImportPlan> {
  const { errors, mode } = input;
  const slice = createSlicer();
  const patientsFile = CSV_FILE_NAMES.patients;
  const error = (file: string, row: number | null, column: string | null, message: string) => errors.add({ file, row, column, message });

  // One row per study ID.
  const byStudyId = new Map<string, PatientRow>();
  for (const row of input.patientRows) {
    if (!row) continue;
    const first = byStudyId.get(row.studyId);
    if (first) error(patientsFile, row.row, "study_id", `Study ID ${row.studyId} is also on row ${first.row}`);
    else byStudyId.set(row.studyId, row);
  }

  const sites = await db.site.findMany({ select: { id: true, code: true, active: true } });
  const siteByCode = new Map(sites.map((site) => [site.code, site]));
  const siteById = new Map(sites.map((site) => [site.id, site]));
  const ownSite = sites.find((site) => site.id === user.siteId);

  // Each row's site, and its study ID tied to that site's code, before any study ID is looked
  // up (issue 15 §2): a row naming another site's ID gets the same error whether that ID exists,
  // was deleted or is free, in either mode, dry run or commit.
  const rowSites = new Map<PatientRow, number | null>();
  for (const [studyId, row] of [...byStudyId]) {
    const pause = slice();
    if (pause) await pause;
    const siteId = resolveSite(row);
    rowSites.set(row, siteId);
    const site = siteId === null ? undefined : siteById.get(siteId);
    // A row without a usable site already has its error; it is not looked up either.
    if (!site) byStudyId.delete(studyId);
    else if (siteCodeOfStudyId(studyId, studyIdPattern) !== site.code) {
      error(patientsFile, row.row, "study_id", wrongSiteMessage(site.code));
      byStudyId.delete(studyId);
    }
  }

  const existingRows = await lookUpInChunks([...byStudyId.keys()], (studyIds) => db.patient.findMany({ where: { studyId: { in: studyIds } } }));
  const existingByStudyId = new Map(existingRows.map((patient) => [patient.studyId, patient]));

  const updatingIds = mode === "update" ? existingRows.filter((patient) => patient.deletedAt === null).map((patient) => patient.id) : [];
  const liveTests = await lookUpInChunks(updatingIds, (ids) => db.her2Test.findMany({ where: { patientId: { in: ids }, deletedAt: null }, orderBy: { id: "asc" } }));
  const liveLines = await lookUpInChunks(updatingIds, (ids) => db.treatmentLine.findMany({ where: { patientId: { in: ids }, deletedAt: null }, orderBy: { id: "asc" } }));

  const testsByStudyId = groupByStudyId(input.testRows);
  const linesByStudyId = groupByStudyId(input.lineRows);
  // A test or line of a patient whose own row has errors is not reported again: that row's
  // errors are the ones to fix.
  for (const [studyId, rows] of testsByStudyId) {
    if (!input.listedStudyIds.has(studyId)) for (const row of rows) error(CSV_FILE_NAMES.her2_tests, row.row, "study_id", `Study ID ${studyId} is not in patients.csv`);
  }
  for (const [studyId, rows] of linesByStudyId) {
    if (!input.listedStudyIds.has(studyId)) for (const row of rows) error(CSV_FILE_NAMES.treatment_lines, row.row, "study_id", `Study ID ${studyId} is not in patients.csv`);
  }

  const liveTestsByPatient = groupByPatientId(liveTests);
  const liveLinesByPatient = groupByPatientId(liveLines);

  const plan: ImportPlan = { newCases: [], updates: [], existingStudyIds: [] };
  for (const patientRow of byStudyId.values()) {
    const pause = slice();
    if (pause) await pause;
    const siteId = rowSites.get(patientRow) ?? null;
    const existing = existingByStudyId.get(patientRow.studyId);
    if (existing) plan.existingStudyIds.push(patientRow.studyId);
    const testRows = testsByStudyId.get(patientRow.studyId) ?? [];
    const lineRows = linesByStudyId.get(patientRow.studyId) ?? [];

    if (!existing) {
      for (const row of testRows) if (row.id !== null) error(CSV_FILE_NAMES.her2_tests, row.row, "test_id", "test_id names a stored test; leave it empty for a new patient");
      for (const row of lineRows) if (row.id !== null) error(CSV_FILE_NAMES.treatment_lines, row.row, "line_id", "line_id names a stored line; leave it empty for a new patient");
      const tests = testRows.map((row) => toTestValues(row.input));
      const lines = lineRows.map((row) => toLineValues(row.input));
      const sources: Source[] = testRows.map((row) => ({ file: "her2_tests" as const, row: row.row }));
      const lineSources: Source[] = lineRows.map((row) => ({ file: "treatment_lines" as const, row: row.row }));
      checkCaseRules(patientRow, tests, lines, sources, lineSources);
      if (siteId === null) continue;
      const values = toPatientValues(patientRow.input);
      const derived = deriveCaseColumns(values, tests, lines);
      plan.newCases.push({
        row: patientRow.row,
        studyId: patientRow.studyId,
        siteId,
        patient: { ...values, ...derived.patient },
        tests: tests.map((test, index) => ({ ...test, ...(derived.tests[index] as TestRowDerivedColumns) })),
        lines: lines.map((line, index) => ({ ...line, ...(derived.lines[index] as LineDerivedColumns) })),
      });
      continue;
    }

    if (mode === "create") {
      error(patientsFile, patientRow.row, "study_id", `Study ID ${patientRow.studyId} already exists: choose "Update existing cases" to change it`);
      continue;
    }
    if (existing.deletedAt !== null) {
      error(patientsFile, patientRow.row, "study_id", `Study ID ${patientRow.studyId} is a deleted case; it cannot be updated by import`);
      continue;
    }
    if (user.role === "COORDINATOR" && existing.siteId !== user.siteId) {
      error(patientsFile, patientRow.row, "study_id", `Study ID ${patientRow.studyId} belongs to another site`);
      continue;
    }
    if (siteId !== null && patientRow.siteCode !== null && siteId !== existing.siteId) {
      error(patientsFile, patientRow.row, "site_code", "An import cannot move a case to another site");
    }
    if (patientRow.version === null) {
      error(patientsFile, patientRow.row, "version", `Give the version of ${patientRow.studyId} (from the export) to update it`);
      continue;
    }
    if (patientRow.version !== existing.version) {
      error(patientsFile, patientRow.row, "version", `${patientRow.studyId} changed since your export: version ${patientRow.version} in the file, ${existing.version} now`);
      continue;
    }

    const storedTests = liveTestsByPatient.get(existing.id) ?? [];
    const storedLines = liveLinesByPatient.get(existing.id) ?? [];
    const changedTests: RowChange<TestValues>[] = [];
    const newTests: TestValues[] = [];
    const mergedTests = new Map<number, TestValues>(storedTests.map((test) => [test.id, { ...test, ishGroup: test.ishGroup as TestValues["ishGroup"] }]));
    const testSources = new Map<number, Source>(storedTests.map((test) => [test.id, { existing: `stored HER2 test #${test.id}` }]));
    const newTestSources: Source[] = [];
    for (const row of testRows) {
      const values = toTestValues(row.input);
      if (row.id === null) {
        newTests.push(values);
        newTestSources.push({ file: "her2_tests", row: row.row });
        continue;
      }
      const stored = storedTests.find((test) => test.id === row.id);
      if (!stored) {
        error(CSV_FILE_NAMES.her2_tests, row.row, "test_id", `Test ${row.id} is not a current test of ${row.studyId}`);
        continue;
      }
      if (stored.version !== row.version) {
        error(CSV_FILE_NAMES.her2_tests, row.row, "version", `Test ${row.id} changed since your export: version ${row.version} in the file, ${stored.version} now`);
        continue;
      }
      mergedTests.set(row.id, values);
      testSources.set(row.id, { file: "her2_tests", row: row.row });
      const changes = diffFields(stored, values, STORED_TEST_FIELDS);
      if (hasChanges(changes)) changedTests.push({ id: row.id, version: stored.version, values, changes });
    }
    const changedLines: RowChange<LineValues>[] = [];
    const newLines: LineValues[] = [];
    const mergedLines = new Map<number, LineValues>(storedLines.map((line) => [line.id, { ...line, agents: [...line.agents] }]));
    const lineSources = new Map<number, Source>(storedLines.map((line) => [line.id, { existing: `stored treatment line #${line.id}` }]));
    const newLineSources: Source[] = [];
    for (const row of lineRows) {
      const values = toLineValues(row.input);
      if (row.id === null) {
        newLines.push(values);
        newLineSources.push({ file: "treatment_lines", row: row.row });
        continue;
      }
      const stored = storedLines.find((line) => line.id === row.id);
      if (!stored) {
        error(CSV_FILE_NAMES.treatment_lines, row.row, "line_id", `Line ${row.id} is not a current line of ${row.studyId}`);
        continue;
      }
      if (stored.version !== row.version) {
        error(CSV_FILE_NAMES.treatment_lines, row.row, "version", `Line ${row.id} changed since your export: version ${row.version} in the file, ${stored.version} now`);
        continue;
      }
      mergedLines.set(row.id, values);
      lineSources.set(row.id, { file: "treatment_lines", row: row.row });
      const changes = diffFields(stored, values, STORED_LINE_FIELDS);
      if (hasChanges(changes)) changedLines.push({ id: row.id, version: stored.version, values, changes });
    }
    const allTests = [...mergedTests.values(), ...newTests];
    const allLines = [...mergedLines.values(), ...newLines];
    checkCaseRules(patientRow, allTests, allLines, [...testSources.values(), ...newTestSources], [...lineSources.values(), ...newLineSources]);

    const values = toPatientValues(patientRow.input);
    const derived = deriveCaseColumns(values, allTests, allLines);
    // Derived columns by stored id (the merged maps come first in allTests / allLines) and for the new rows.
    const testIds = [...mergedTests.keys()];
    const lineIds = [...mergedLines.keys()];
    const derivedTest = new Map(testIds.map((id, index) => [id, derived.tests[index] as TestRowDerivedColumns]));
    const derivedLine = new Map(lineIds.map((id, index) => [id, derived.lines[index] as LineDerivedColumns]));
    const changedTestIds = new Set(changedTests.map((test) => test.id));
    const changedLineIds = new Set(changedLines.map((line) => line.id));
    plan.updates.push({
      row: patientRow.row,
      patientId: existing.id,
      siteId: existing.siteId,
      expectedVersion: existing.version,
      patientValues: { ...values, ...derived.patient },
      enteredChanges: diffFields(existing, { ...values, siteId: existing.siteId }, STORED_PATIENT_FIELDS),
      derivedChanges: diffFields(existing, derived.patient, AUDITED_DERIVED_FIELDS),
      derivedStale: hasChanges(diffFields(existing, derived.patient, PATIENT_DERIVED_FIELDS)),
      newTests: newTests.map((test, index) => ({ ...test, ...(derived.tests[testIds.length + index] as TestRowDerivedColumns) })),
      changedTests: changedTests.map((test) => ({ ...test, values: { ...test.values, ...(derivedTest.get(test.id) as TestRowDerivedColumns) } })),
      newLines: newLines.map((line, index) => ({ ...line, ...(derived.lines[lineIds.length + index] as LineDerivedColumns) })),
      changedLines: changedLines.map((line) => ({ ...line, values: { ...line.values, ...(derivedLine.get(line.id) as LineDerivedColumns) } })),
      refreshedTests: storedTests.flatMap((test) => {
        const next = derivedTest.get(test.id);
        return !changedTestIds.has(test.id) && next && derivedColumnsDiffer(TEST_ROW_DERIVED_FIELDS, test, next) ? [{ id: test.id, values: next }] : [];
      }),
      refreshedLines: storedLines.flatMap((line) => {
        const next = derivedLine.get(line.id);
        return !changedLineIds.has(line.id) && next && derivedColumnsDiffer(LINE_DERIVED_FIELDS, line, next) ? [{ id: line.id, values: next }] : [];
      }),
    });
  }
  return plan;

  function resolveSite(row: PatientRow): number | null {
    if (user.role === "COORDINATOR") {
      if (!ownSite) {
        error(patientsFile, row.row, "site_code", "Your account is not attached to a site");
        return null;
      }
      if (row.siteCode !== null && row.siteCode !== ownSite.code) {
        error(patientsFile, row.row, "site_code", `Coordinators import cases of their own site (${ownSite.code}) only`);
        return null;
      }
      return ownSite.id;
    }
    if (row.siteCode === null) {
      error(patientsFile, row.row, "site_code", "Site code is required (administrators import for any site)");
      return null;
    }
    const site = siteByCode.get(row.siteCode);
    if (!site || !site.active) {
      error(patientsFile, row.row, "site_code", `Unknown or inactive site code ${row.siteCode}`);
      return null;
    }
    return site.id;
  }

  /**
   * The rules between rows of a case (follow-up, staging, lines, re-reads), each message on the
   * row and column that holds the value; the form's "HER2 test 2:" prefix gives way to the row.
   */
  function checkCaseRules(patientRow: PatientRow, tests: readonly TestValues[], lines: readonly LineValues[], testSources: readonly Source[], lineSources: readonly Source[]): void {
    for (const found of findCrossFieldIssues({ patient: patientRow.input, tests, lines })) {
      const message = found.message.replace(/^(?:HER2 test|Treatment line) \d+: (.)/, (_, first: string) => first.toUpperCase());
      const issue = { path: found.path, message };
      const [section, index, field] = issue.path;
      const column = toSnakeCase(String(section === "patient" ? index : field));
      if (section === "patient") {
        error(patientsFile, patientRow.row, column, issue.message);
        continue;
      }
      const source = (section === "tests" ? testSources : lineSources)[Number(index)];
      if (source && "file" in source) error(CSV_FILE_NAMES[source.file], source.row, column, issue.message);
      else error(patientsFile, patientRow.row, "days_to_last_contact", `${source?.existing ?? "A stored row"}: ${issue.message}`);
    }
  }
}
