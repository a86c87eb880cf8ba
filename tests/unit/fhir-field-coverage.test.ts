// Every entered field of the app has a line in the mCODE mapping table (mapped, or why not), so
// a field added to the case schemas is not silently left out of the FHIR export.
import { describe, expect, it } from "vitest";
import { FHIR_FIELD_COVERAGE } from "../../lib/fhir/field-coverage";
import { CATALOGUE_FILES, enteredFields } from "../../lib/interop/field-catalogue";

describe("the mCODE field coverage table", () => {
  it("names every entered field, and only those", () => {
    const fields = CATALOGUE_FILES.flatMap((file) => enteredFields(file).map((field) => `${file}.${field.column}`));
    const missing = fields.filter((field) => !(field in FHIR_FIELD_COVERAGE));
    expect(missing, `Add these fields to lib/fhir/field-coverage.ts (and map them in lib/fhir/patient-bundle.ts, or say why not): ${missing.join(", ")}`).toEqual([]);
    expect(Object.keys(FHIR_FIELD_COVERAGE).filter((field) => !fields.includes(field))).toEqual([]);
  });

  it("covers the early-disease fields and the recurrence events (issue 14 §1), each mapped or with its reason", () => {
    for (const field of ["patients.staging_basis", "patients.yp_t_category", "patients.yp_n_category", "patients.surgery_type", "patients.days_to_surgery", "treatment_lines.measurability", "treatment_lines.response_confirmation", "recurrence_events.kind", "recurrence_events.day"]) {
      expect({ field, line: FHIR_FIELD_COVERAGE[field] }).toEqual({ field, line: expect.not.stringMatching(/^not mapped/) });
    }
    expect(FHIR_FIELD_COVERAGE["patients.rcb_class"]).toMatch(/^not mapped: /);
    expect(Object.values(FHIR_FIELD_COVERAGE).filter((line) => /issue 14/.test(line))).toEqual([]);
  });
});
