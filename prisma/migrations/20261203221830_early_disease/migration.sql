-- CreateEnum
CREATE TYPE "StagingBasis" AS ENUM ('CLINICAL', 'PATHOLOGICAL');

-- CreateEnum
CREATE TYPE "RcbClass" AS ENUM ('RCB_0', 'RCB_I', 'RCB_II', 'RCB_III');

-- CreateEnum
CREATE TYPE "SurgeryType" AS ENUM ('BREAST_CONSERVING', 'MASTECTOMY', 'NONE');

-- CreateEnum
CREATE TYPE "RecurrenceKind" AS ENUM ('LOCAL', 'REGIONAL', 'DISTANT', 'CONTRALATERAL_INVASIVE', 'SECOND_PRIMARY_INVASIVE');

-- AlterTable
ALTER TABLE "patients" ADD COLUMN     "days_to_surgery" INTEGER,
ADD COLUMN     "pathologic_complete_response" BOOLEAN,
ADD COLUMN     "rcb_class" "RcbClass",
ADD COLUMN     "staging_basis" "StagingBasis",
ADD COLUMN     "surgery_type" "SurgeryType",
ADD COLUMN     "yp_n_category" "NCategory",
ADD COLUMN     "yp_t_category" "TCategory";

-- CreateTable
CREATE TABLE "recurrence_events" (
    "id" SERIAL NOT NULL,
    "patient_id" INTEGER NOT NULL,
    "kind" "RecurrenceKind" NOT NULL,
    "day" INTEGER NOT NULL,

    CONSTRAINT "recurrence_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "recurrence_events_patient_id_idx" ON "recurrence_events"("patient_id");

-- AddForeignKey (CASCADE: the events are part of the patient row, written and replaced with it)
ALTER TABLE "recurrence_events" ADD CONSTRAINT "recurrence_events_patient_id_fkey" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Days are whole days since diagnosis, within the app's range (lib/cases/schemas.ts MAX_DAY);
-- a recurrence comes after the diagnosis.
ALTER TABLE "patients" ADD CONSTRAINT "patients_days_to_surgery_range" CHECK ("days_to_surgery" BETWEEN 0 AND 36500);
ALTER TABLE "recurrence_events" ADD CONSTRAINT "recurrence_events_day_range" CHECK ("day" BETWEEN 1 AND 36500);

-- The distant recurrence of every stored recurrent metastatic patient, from its day of
-- metastasis, as each write now stores it (lib/cases/early-disease.ts).
INSERT INTO "recurrence_events" ("patient_id", "kind", "day")
SELECT "id", 'DISTANT', "days_to_metastasis" FROM "patients"
 WHERE "disease_setting" = 'RECURRENT_METASTATIC' AND "days_to_metastasis" BETWEEN 1 AND 36500;
