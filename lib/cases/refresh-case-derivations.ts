import "server-only";
import type { Tx } from "./case-writes";
import { LINE_DERIVED_FIELDS, TEST_ROW_DERIVED_FIELDS, deriveCaseColumns, derivedColumnsDiffer, type PatientDerivedColumns, type PatientValuesForDerivation } from "./derive-case";

/**
 * After a case's tests and lines were written: recomputes every derived column of its live rows
 * from what is now stored, writes the test and line rows whose derived values changed (a new
 * neoadjuvant line re-times the tests; a new test can change the status at a later line's start
 * or a specimen's stored pairs of reads; a new CDK4/6-inhibitor line marks the later lines),
 * and returns the patient's derived columns for the caller to store with the patient row. The
 * derived row columns are not audited and do not change a row's version: they follow from rows
 * whose every change is audited, as the patient's dashboard accelerators do.
 */
export async function refreshCaseDerivations(
  tx: Tx,
  patientId: number,
  receptors: PatientValuesForDerivation,
): Promise<PatientDerivedColumns> {
  const tests = await tx.her2Test.findMany({
    where: { patientId, deletedAt: null },
    select: {
      id: true,
      daysSinceDiagnosis: true,
      specimen: true,
      category: true,
      assay: true,
      ihcScore: true,
      blockLabel: true,
      readKind: true,
      reader: true,
      treatmentTiming: true,
      residualDisease: true,
      readBScore: true,
      readBCategory: true,
      readCScore: true,
      readCCategory: true,
      centralScore: true,
      centralCategory: true,
      herceptestScore: true,
      herceptestCategory: true,
    },
    orderBy: { id: "asc" },
  });
  const lines = await tx.treatmentLine.findMany({
    where: { patientId, deletedAt: null },
    select: { id: true, setting: true, lineNumber: true, regimenClass: true, startDay: true, endDay: true, her2AtStart: true, priorCdk46: true },
    orderBy: { id: "asc" },
  });
  const derived = deriveCaseColumns(receptors, tests, lines);
  for (const [index, test] of tests.entries()) {
    const next = derived.tests[index];
    if (next && derivedColumnsDiffer(TEST_ROW_DERIVED_FIELDS, test, next)) {
      await tx.her2Test.update({ where: { id: test.id }, data: next });
    }
  }
  for (const [index, line] of lines.entries()) {
    const next = derived.lines[index];
    if (next && derivedColumnsDiffer(LINE_DERIVED_FIELDS, line, next)) await tx.treatmentLine.update({ where: { id: line.id }, data: next });
  }
  return derived.patient;
}
