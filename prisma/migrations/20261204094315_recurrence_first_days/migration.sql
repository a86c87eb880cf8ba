-- The earliest recurrence day of each endpoint of the early view, stored on the patient
-- (issue 14 §2, early-disease-records.ts aggregateInvasiveDiseaseRecords): iDFS counts every
-- invasive kind (STEEP 2.0: local, regional, distant, contralateral invasive, second primary
-- invasive), DRFS the distant recurrence only (ENDPOINT_EVENT_KINDS). Grouping a million patients
-- joined to the minimum of their events per endpoint made the planner expect one group per
-- patient (a sort of every row instead of a hash of a few thousand day cells, and no parallel
-- scan); read from the patient row, the query is one scan of patients.

-- AlterTable
ALTER TABLE "patients" ADD COLUMN "first_distant_recurrence_day" INTEGER,
ADD COLUMN "first_idfs_recurrence_day" INTEGER;

-- Kept by the database on every write of recurrence_events (the case form and API, the import's
-- row and COPY paths, SQL by hand), once per statement: the patients whose events changed get
-- both days again from all their events. A patient row is written only when a day changes.
CREATE FUNCTION "recurrence_first_days_refresh"(patient_ids integer[]) RETURNS void LANGUAGE sql AS $$
  UPDATE "patients" p
     SET "first_idfs_recurrence_day" = f.idfs, "first_distant_recurrence_day" = f.distant
    FROM (SELECT ids.id,
                 (SELECT min(r."day") FROM "recurrence_events" r
                   WHERE r."patient_id" = ids.id
                     AND r."kind" IN ('LOCAL', 'REGIONAL', 'DISTANT', 'CONTRALATERAL_INVASIVE', 'SECOND_PRIMARY_INVASIVE')) AS idfs,
                 (SELECT min(r."day") FROM "recurrence_events" r
                   WHERE r."patient_id" = ids.id AND r."kind" = 'DISTANT') AS distant
            FROM (SELECT DISTINCT unnest(patient_ids) AS id) ids) f
   WHERE p."id" = f.id
     AND (p."first_idfs_recurrence_day" IS DISTINCT FROM f.idfs OR p."first_distant_recurrence_day" IS DISTINCT FROM f.distant);
$$;

CREATE FUNCTION "recurrence_first_days_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM "recurrence_first_days_refresh"(ARRAY(SELECT "patient_id" FROM new_rows));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM "recurrence_first_days_refresh"(ARRAY(SELECT "patient_id" FROM new_rows UNION SELECT "patient_id" FROM old_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM "recurrence_first_days_refresh"(ARRAY(SELECT "patient_id" FROM old_rows));
  ELSE
    UPDATE "patients" SET "first_idfs_recurrence_day" = NULL, "first_distant_recurrence_day" = NULL
     WHERE "first_idfs_recurrence_day" IS NOT NULL OR "first_distant_recurrence_day" IS NOT NULL;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "recurrence_first_days_insert" AFTER INSERT ON "recurrence_events"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "recurrence_first_days_apply"();
CREATE TRIGGER "recurrence_first_days_update" AFTER UPDATE ON "recurrence_events"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "recurrence_first_days_apply"();
CREATE TRIGGER "recurrence_first_days_delete" AFTER DELETE ON "recurrence_events"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "recurrence_first_days_apply"();
CREATE TRIGGER "recurrence_first_days_truncate" AFTER TRUNCATE ON "recurrence_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "recurrence_first_days_apply"();

-- Backfill: the days of every stored event.
UPDATE "patients" p
   SET "first_idfs_recurrence_day" = f.idfs, "first_distant_recurrence_day" = f.distant
  FROM (SELECT r."patient_id",
               min(r."day") FILTER (WHERE r."kind" IN ('LOCAL', 'REGIONAL', 'DISTANT', 'CONTRALATERAL_INVASIVE', 'SECOND_PRIMARY_INVASIVE')) AS idfs,
               min(r."day") FILTER (WHERE r."kind" = 'DISTANT') AS distant
          FROM "recurrence_events" r
         GROUP BY r."patient_id") f
 WHERE p."id" = f."patient_id";
