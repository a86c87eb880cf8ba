-- CreateEnum
CREATE TYPE "Measurability" AS ENUM ('MEASURABLE', 'NON_MEASURABLE');

-- CreateEnum
CREATE TYPE "ResponseConfirmation" AS ENUM ('CONFIRMED', 'UNCONFIRMED');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "Agent" ADD VALUE 'PYROTINIB';
ALTER TYPE "Agent" ADD VALUE 'DISITAMAB_VEDOTIN';
ALTER TYPE "Agent" ADD VALUE 'TRASTUZUMAB_REZETECAN';
ALTER TYPE "Agent" ADD VALUE 'INAVOLISIB';

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "RegimenClass" ADD VALUE 'OTHER_HER2_ADC';
ALTER TYPE "RegimenClass" ADD VALUE 'OTHER_TROP2_ADC';
ALTER TYPE "RegimenClass" ADD VALUE 'HER2_TKI';
ALTER TYPE "RegimenClass" ADD VALUE 'ENDOCRINE_PI3K_AKT_MTOR';

-- AlterTable
ALTER TABLE "treatment_lines" ADD COLUMN     "measurability" "Measurability",
ADD COLUMN     "response_confirmation" "ResponseConfirmation";

-- Written by hand: a confirmation is said of a response (CR or PR) only (lib/cases/schemas.ts).
ALTER TABLE "treatment_lines" ADD CONSTRAINT "treatment_lines_confirmation_of_response"
  CHECK ("response_confirmation" IS NULL OR "best_response" IN ('CR', 'PR'));
