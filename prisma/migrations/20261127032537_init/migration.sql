-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('ADMIN', 'COORDINATOR', 'INVESTIGATOR');

-- CreateEnum
CREATE TYPE "Sex" AS ENUM ('FEMALE', 'MALE');

-- CreateEnum
CREATE TYPE "MenopausalStatus" AS ENUM ('PREMENOPAUSAL', 'PERIMENOPAUSAL', 'POSTMENOPAUSAL');

-- CreateEnum
CREATE TYPE "HistologicType" AS ENUM ('NST', 'LOBULAR', 'MIXED', 'OTHER');

-- CreateEnum
CREATE TYPE "TCategory" AS ENUM ('TX', 'T0', 'TIS', 'T1', 'T2', 'T3', 'T4');

-- CreateEnum
CREATE TYPE "NCategory" AS ENUM ('NX', 'N0', 'N1', 'N2', 'N3');

-- CreateEnum
CREATE TYPE "MCategory" AS ENUM ('M0', 'M1');

-- CreateEnum
CREATE TYPE "StageGroup" AS ENUM ('STAGE_0', 'STAGE_I', 'STAGE_II', 'STAGE_III', 'STAGE_IV');

-- CreateEnum
CREATE TYPE "GermlineBrca" AS ENUM ('BRCA1', 'BRCA2', 'NEGATIVE', 'NOT_TESTED');

-- CreateEnum
CREATE TYPE "DiseaseSetting" AS ENUM ('EARLY', 'DE_NOVO_METASTATIC', 'RECURRENT_METASTATIC');

-- CreateEnum
CREATE TYPE "VitalStatus" AS ENUM ('ALIVE', 'DEAD');

-- CreateEnum
CREATE TYPE "HrStatus" AS ENUM ('POSITIVE', 'NEGATIVE');

-- CreateEnum
CREATE TYPE "Her2Category" AS ENUM ('POSITIVE', 'LOW', 'ULTRALOW', 'ZERO', 'EQUIVOCAL', 'INDETERMINATE');

-- CreateEnum
CREATE TYPE "IhcScore" AS ENUM ('IHC_0_NULL', 'IHC_0_ULTRALOW', 'IHC_1', 'IHC_2', 'IHC_3');

-- CreateEnum
CREATE TYPE "Specimen" AS ENUM ('PRIMARY_BIOPSY', 'PRIMARY_SURGICAL', 'METASTATIC', 'OTHER');

-- CreateEnum
CREATE TYPE "SpecimenSite" AS ENUM ('BREAST', 'AXILLARY_NODE', 'DISTANT_NODE', 'LIVER', 'LUNG', 'BONE', 'BRAIN', 'SKIN_SOFT_TISSUE', 'PLEURA', 'OTHER');

-- CreateEnum
CREATE TYPE "Her2Assay" AS ENUM ('VENTANA_4B5', 'HERCEPTEST', 'OTHER');

-- CreateEnum
CREATE TYPE "TreatmentSetting" AS ENUM ('NEOADJUVANT', 'ADJUVANT', 'METASTATIC');

-- CreateEnum
CREATE TYPE "RegimenClass" AS ENUM ('T_DXD', 'T_DM1', 'TRASTUZUMAB_BASED', 'SACITUZUMAB_GOVITECAN', 'OTHER_ADC', 'CHEMOTHERAPY', 'ENDOCRINE', 'ENDOCRINE_CDK46', 'PARP_INHIBITOR', 'IMMUNOTHERAPY', 'OTHER');

-- CreateEnum
CREATE TYPE "Agent" AS ENUM ('TRASTUZUMAB_DERUXTECAN', 'TRASTUZUMAB_EMTANSINE', 'TRASTUZUMAB', 'PERTUZUMAB', 'TUCATINIB', 'LAPATINIB', 'NERATINIB', 'SACITUZUMAB_GOVITECAN', 'DATOPOTAMAB_DERUXTECAN', 'PACLITAXEL', 'NAB_PACLITAXEL', 'DOCETAXEL', 'CAPECITABINE', 'ERIBULIN', 'GEMCITABINE', 'VINORELBINE', 'CARBOPLATIN', 'CISPLATIN', 'DOXORUBICIN', 'EPIRUBICIN', 'CYCLOPHOSPHAMIDE', 'TAMOXIFEN', 'LETROZOLE', 'ANASTROZOLE', 'EXEMESTANE', 'FULVESTRANT', 'ELACESTRANT', 'GOSERELIN', 'PALBOCICLIB', 'RIBOCICLIB', 'ABEMACICLIB', 'ALPELISIB', 'CAPIVASERTIB', 'EVEROLIMUS', 'OLAPARIB', 'TALAZOPARIB', 'PEMBROLIZUMAB', 'ATEZOLIZUMAB', 'OTHER');

-- CreateEnum
CREATE TYPE "BestResponse" AS ENUM ('CR', 'PR', 'SD', 'PD', 'NE');

-- CreateEnum
CREATE TYPE "AuditEntity" AS ENUM ('PATIENT', 'HER2_TEST', 'TREATMENT_LINE', 'USER', 'SITE', 'SESSION', 'IMPORT', 'EXPORT');

-- CreateEnum
CREATE TYPE "AuditAction" AS ENUM ('CREATE', 'UPDATE', 'DELETE', 'RESTORE', 'SIGN_IN', 'SIGN_IN_FAILED', 'SIGN_OUT', 'IMPORT', 'EXPORT');

-- CreateTable
CREATE TABLE "sites" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "sites_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "site_id" INTEGER,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "sessions_valid_from" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_sign_in_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "patients" (
    "id" SERIAL NOT NULL,
    "study_id" TEXT NOT NULL,
    "site_id" INTEGER NOT NULL,
    "diagnosis_year" INTEGER NOT NULL,
    "age_at_diagnosis" INTEGER NOT NULL,
    "sex" "Sex" NOT NULL DEFAULT 'FEMALE',
    "menopausal_status" "MenopausalStatus",
    "histologic_type" "HistologicType",
    "grade" INTEGER,
    "tumour_size_mm" INTEGER,
    "t_category" "TCategory",
    "n_category" "NCategory",
    "m_category" "MCategory",
    "stage_group" "StageGroup",
    "er_percent" INTEGER,
    "pr_percent" INTEGER,
    "ki67_percent" INTEGER,
    "germline_brca" "GermlineBrca",
    "disease_setting" "DiseaseSetting" NOT NULL,
    "days_to_metastasis" INTEGER,
    "vital_status" "VitalStatus" NOT NULL,
    "days_to_death" INTEGER,
    "days_to_last_contact" INTEGER,
    "hr_status" "HrStatus",
    "er_low" BOOLEAN,
    "cohort_latest" "Her2Category",
    "cohort_primary" "Her2Category",
    "cohort_highest" "Her2Category",
    "her2_first_category" "Her2Category",
    "her2_last_category" "Her2Category",
    "her2_metastatic_category" "Her2Category",
    "evaluable_test_count" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deleted_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "patients_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "her2_tests" (
    "id" SERIAL NOT NULL,
    "patient_id" INTEGER NOT NULL,
    "specimen" "Specimen" NOT NULL,
    "specimen_site" "SpecimenSite",
    "days_since_diagnosis" INTEGER NOT NULL,
    "assay" "Her2Assay" NOT NULL,
    "ihc_score" "IhcScore",
    "ish_ratio" DOUBLE PRECISION,
    "ish_copies" DOUBLE PRECISION,
    "ish_group" INTEGER,
    "category" "Her2Category" NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deleted_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "her2_tests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "treatment_lines" (
    "id" SERIAL NOT NULL,
    "patient_id" INTEGER NOT NULL,
    "setting" "TreatmentSetting" NOT NULL,
    "line_number" INTEGER NOT NULL,
    "regimen_class" "RegimenClass" NOT NULL,
    "agents" "Agent"[],
    "start_day" INTEGER NOT NULL,
    "end_day" INTEGER,
    "best_response" "BestResponse",
    "progression_day" INTEGER,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deleted_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "treatment_lines_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "user_id" TEXT,
    "user_email" TEXT,
    "site_id" INTEGER,
    "entity" "AuditEntity" NOT NULL,
    "entity_id" TEXT,
    "action" "AuditAction" NOT NULL,
    "changes" JSONB,
    "reason" TEXT,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "sites_code_key" ON "sites"("code");

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "users_site_id_idx" ON "users"("site_id");

-- CreateIndex
CREATE UNIQUE INDEX "patients_study_id_key" ON "patients"("study_id");

-- CreateIndex
CREATE INDEX "patients_site_id_idx" ON "patients"("site_id");

-- CreateIndex
CREATE INDEX "patients_diagnosis_year_idx" ON "patients"("diagnosis_year");

-- CreateIndex
CREATE INDEX "patients_cohort_latest_idx" ON "patients"("cohort_latest");

-- CreateIndex
CREATE INDEX "patients_cohort_primary_idx" ON "patients"("cohort_primary");

-- CreateIndex
CREATE INDEX "patients_cohort_highest_idx" ON "patients"("cohort_highest");

-- CreateIndex
CREATE INDEX "patients_hr_status_idx" ON "patients"("hr_status");

-- CreateIndex
CREATE INDEX "patients_stage_group_idx" ON "patients"("stage_group");

-- CreateIndex
CREATE INDEX "patients_disease_setting_idx" ON "patients"("disease_setting");

-- CreateIndex
CREATE INDEX "her2_tests_patient_id_idx" ON "her2_tests"("patient_id");

-- CreateIndex
CREATE INDEX "her2_tests_category_idx" ON "her2_tests"("category");

-- CreateIndex
CREATE INDEX "treatment_lines_patient_id_idx" ON "treatment_lines"("patient_id");

-- CreateIndex
CREATE INDEX "treatment_lines_regimen_class_line_number_idx" ON "treatment_lines"("regimen_class", "line_number");

-- CreateIndex
CREATE INDEX "audit_events_entity_entity_id_idx" ON "audit_events"("entity", "entity_id");

-- CreateIndex
CREATE INDEX "audit_events_at_idx" ON "audit_events"("at");

-- CreateIndex
CREATE INDEX "audit_events_site_id_idx" ON "audit_events"("site_id");

-- AddForeignKey
ALTER TABLE "users" ADD CONSTRAINT "users_site_id_fkey" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "patients" ADD CONSTRAINT "patients_site_id_fkey" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "her2_tests" ADD CONSTRAINT "her2_tests_patient_id_fkey" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "treatment_lines" ADD CONSTRAINT "treatment_lines_patient_id_fkey" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------
-- Written by hand (Prisma's schema language has no CHECK constraints or triggers). The
-- application validates the same rules with zod first, so users see a message, not an error;
-- these constraints keep any other writer (a script, a SQL console) honest too.

ALTER TABLE "patients"
  ADD CONSTRAINT "patients_diagnosis_year_range" CHECK ("diagnosis_year" BETWEEN 1950 AND 2100),
  ADD CONSTRAINT "patients_age_range" CHECK ("age_at_diagnosis" BETWEEN 0 AND 90),
  ADD CONSTRAINT "patients_grade_range" CHECK ("grade" BETWEEN 1 AND 3),
  ADD CONSTRAINT "patients_tumour_size_range" CHECK ("tumour_size_mm" BETWEEN 0 AND 500),
  ADD CONSTRAINT "patients_er_range" CHECK ("er_percent" BETWEEN 0 AND 100),
  ADD CONSTRAINT "patients_pr_range" CHECK ("pr_percent" BETWEEN 0 AND 100),
  ADD CONSTRAINT "patients_ki67_range" CHECK ("ki67_percent" BETWEEN 0 AND 100),
  ADD CONSTRAINT "patients_days_to_metastasis_range" CHECK ("days_to_metastasis" BETWEEN 0 AND 36500),
  ADD CONSTRAINT "patients_days_to_death_range" CHECK ("days_to_death" BETWEEN 0 AND 36500),
  ADD CONSTRAINT "patients_days_to_last_contact_range" CHECK ("days_to_last_contact" BETWEEN 0 AND 36500),
  ADD CONSTRAINT "patients_death_needs_day" CHECK (("vital_status" = 'DEAD') = ("days_to_death" IS NOT NULL)),
  ADD CONSTRAINT "patients_version_positive" CHECK ("version" >= 1);

ALTER TABLE "her2_tests"
  ADD CONSTRAINT "her2_tests_ish_pair" CHECK (("ish_ratio" IS NULL) = ("ish_copies" IS NULL)),
  ADD CONSTRAINT "her2_tests_ish_ratio_range" CHECK ("ish_ratio" BETWEEN 0 AND 30),
  ADD CONSTRAINT "her2_tests_ish_copies_range" CHECK ("ish_copies" BETWEEN 0 AND 60),
  ADD CONSTRAINT "her2_tests_ish_group_range" CHECK ("ish_group" BETWEEN 1 AND 5),
  ADD CONSTRAINT "her2_tests_day_range" CHECK ("days_since_diagnosis" BETWEEN 0 AND 36500),
  ADD CONSTRAINT "her2_tests_version_positive" CHECK ("version" >= 1);

ALTER TABLE "treatment_lines"
  ADD CONSTRAINT "treatment_lines_line_number_range" CHECK ("line_number" BETWEEN 1 AND 20),
  ADD CONSTRAINT "treatment_lines_start_range" CHECK ("start_day" BETWEEN 0 AND 36500),
  ADD CONSTRAINT "treatment_lines_end_after_start" CHECK ("end_day" >= "start_day"),
  ADD CONSTRAINT "treatment_lines_progression_after_start" CHECK ("progression_day" >= "start_day"),
  ADD CONSTRAINT "treatment_lines_version_positive" CHECK ("version" >= 1);

-- The audit trail is append-only (21 CFR Part 11 practice): no UPDATE, DELETE or TRUNCATE,
-- whoever the writer is.
CREATE FUNCTION "audit_events_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "audit_events_no_update_or_delete"
  BEFORE UPDATE OR DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION "audit_events_refuse_change"();

CREATE TRIGGER "audit_events_no_truncate"
  BEFORE TRUNCATE ON "audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_refuse_change"();
