-- AlterEnum
ALTER TYPE "AuditEntity" ADD VALUE 'REDCAP_MAPPING';

-- CreateTable
CREATE TABLE "redcap_mappings" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "site_id" INTEGER,
    "field_names" TEXT[],
    "mapping" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "redcap_mappings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "redcap_mappings_name_key" ON "redcap_mappings"("name");

-- CreateIndex
CREATE INDEX "redcap_mappings_site_id_idx" ON "redcap_mappings"("site_id");

-- AddForeignKey
ALTER TABLE "redcap_mappings" ADD CONSTRAINT "redcap_mappings_site_id_fkey" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE SET NULL ON UPDATE CASCADE;
