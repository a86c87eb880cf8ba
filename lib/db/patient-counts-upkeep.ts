// Upkeep of `patient_counts`, the dashboards' summary that triggers on `patients` append to on
// every write (migration `…_patient_counts`; read by lib/analytics/patient-counts.ts). Each write
// statement appends its own delta rows, so after a bulk write (the seed, an import, the
// reclassification) the writer sums them at once rather than leaving it to the next dashboard read.
type Executor = { $executeRawUnsafe: (query: string) => Promise<number> };

/** Sums the appended deltas into one row per cell; safe beside writers and other compactions. */
export async function compactPatientCounts(db: Executor): Promise<void> {
  await db.$executeRawUnsafe(`SELECT compact_patient_counts()`);
}

/** Counts every cell again from `patients` (after a bulk load with the insert trigger disabled, or to repair). */
export async function rebuildPatientCounts(db: Executor): Promise<void> {
  await db.$executeRawUnsafe(`SELECT rebuild_patient_counts()`);
}

/** Compaction after a committed bulk write: the write stands either way, so a failure only logs. */
export async function compactAfterBulkWrite(db: Executor): Promise<void> {
  try {
    await compactPatientCounts(db);
  } catch (error) {
    console.error("patient_counts compaction after a bulk write failed (the counts stay right; a later read compacts):", error instanceof Error ? error.message : error);
  }
}
