// Saving a REDCap mapping, for the bad-input suite: a valid payload and corruptions of it, each
// invalid on its own (REDCap names take letters, digits and "_", so the suite's generic "unknown
// code" strings, which may be letters only, are not used for them).
import fc from "fast-check";
import { corruptionsOf, setAt, type Corruption, type Payload } from "./corruptions";

export function redcapMappingPayload(): Payload {
  return {
    name: "Bad input mapping",
    fieldNames: ["record_id", "grade"],
    mapping: { version: 1, diagnosisDateField: null, site: { source: "own" }, instruments: { her2_tests: null, treatment_lines: null }, fields: { "patients.grade": { source: "grade" } } },
  };
}

const notAName = fc.oneof(fc.constantFrom("", "grade field", "grade-1", "dx_date🧬", "x".repeat(101), "a\u0000b"), fc.integer(), fc.constant({}));

export const redcapMappingCorruptions: fc.Arbitrary<Corruption> = fc.oneof(
  corruptionsOf(
    [
      { path: ["name"], kind: "text", required: true, maxLength: 80 },
      { path: ["mapping", "version"], kind: "number", required: true },
      { path: ["mapping", "site", "source"], kind: "code", required: true },
    ],
    [[], ["mapping"], ["mapping", "instruments"], ["mapping", "site"]],
  ),
  notAName.map((value): Corruption => ({ describe: `mapping.fields.patients.grade.source = ${JSON.stringify(value)}`, apply: (payload) => setAt(payload, ["mapping", "fields", "patients.grade", "source"], value) })),
  notAName.map((value): Corruption => ({ describe: `mapping.diagnosisDateField = ${JSON.stringify(value)}`, apply: (payload) => setAt(payload, ["mapping", "diagnosisDateField"], value) })),
  notAName.map((value): Corruption => ({ describe: `fieldNames[0] = ${JSON.stringify(value)}`, apply: (payload) => setAt(payload, ["fieldNames", 0], value) })),
  fc.constantFrom("patients.", "lab.grade", "patients.Grade", "patients.grade; DROP", "x".repeat(200)).map((key): Corruption => ({ describe: `mapping field key ${key.slice(0, 20)}`, apply: (payload) => setAt(payload, ["mapping", "fields", key], { source: "grade" }) })),
  fc.constantFrom<Corruption>(
    { describe: "a site from a DAG with a site code holding a space", apply: (payload) => setAt(payload, ["mapping", "site"], { source: "dag", codes: { site_01: "0 1" } }) },
    { describe: "a choice code mapped to a lower-case app code", apply: (payload) => setAt(payload, ["mapping", "fields", "patients.grade"], { source: "grade", codes: { "1": "grade_one" } }) },
    { describe: "a stored mapping id of 0", apply: (payload) => setAt(payload, ["id"], 0) },
    { describe: "5,001 field names", apply: (payload) => setAt(payload, ["fieldNames"], Array.from({ length: 5_001 }, (_, index) => `f${index}`)) },
  ),
);
