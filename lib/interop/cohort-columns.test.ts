import { describe, expect, it } from "vitest";
import { EVENT_FIELDS, LINE_FIELDS, PATIENT_FIELDS, selectList, TEST_FIELDS } from "./cohort-columns";
import { toPostgresParameter } from "./read-cohort-cursor";

describe("the interoperability exports' column lists", () => {
  it("name each column for its Prisma field, timestamps read as UTC and enum lists as text[]", () => {
    const patients = selectList(PATIENT_FIELDS, "p");
    expect(patients.startsWith('p.id AS "id", p.study_id AS "studyId", ')).toBe(true);
    expect(patients).toContain('p.metastatic_line4plus_regimens AS "metastaticLine4PlusRegimens"');
    expect(patients).toContain(`p.created_at AT TIME ZONE 'UTC' AS "createdAt"`);
    expect(selectList(LINE_FIELDS, "l")).toContain('l.agents::text[] AS "agents"');
    expect(selectList(TEST_FIELDS, "t")).toContain('t.dia_h_score AS "diaHScore"');
    expect(selectList(EVENT_FIELDS, "r")).toBe('r.id AS "id", r.patient_id AS "patientId", r.kind AS "kind", r.day AS "day"');
  });

  it("send arrays as PostgreSQL array literals, quoted and escaped", () => {
    expect(toPostgresParameter(["EARLY", "DE NOVO"])).toBe('{"EARLY","DE NOVO"}');
    expect(toPostgresParameter(['a"b', "c\\d", null])).toBe('{"a\\"b","c\\\\d",NULL}');
    expect(toPostgresParameter([])).toBe("{}");
    expect(toPostgresParameter(42)).toBe(42);
  });
});
