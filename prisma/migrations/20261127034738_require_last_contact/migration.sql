-- AlterTable
ALTER TABLE "patients" ALTER COLUMN "days_to_last_contact" SET NOT NULL;
