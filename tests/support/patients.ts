// A minimal live patient row for tests that only need patients to exist at a site.
import { getDb } from "../../lib/db/client";

let counter = 0;

export async function insertBarePatient(siteId: number, siteCode: string, options: { deleted?: boolean } = {}): Promise<number> {
  const db = await getDb();
  counter += 1;
  const patient = await db.patient.create({
    data: {
      studyId: `TEST-${siteCode.replace(/\D/g, "").padStart(2, "0").slice(0, 4)}-${String(counter + Math.floor(Math.random() * 9000)).padStart(5, "0")}`,
      siteId,
      diagnosisYear: 2020,
      ageAtDiagnosis: 55,
      diseaseSetting: "EARLY",
      vitalStatus: "ALIVE",
      daysToLastContact: 400,
      deletedAt: options.deleted ? new Date() : null,
    },
  });
  return patient.id;
}
