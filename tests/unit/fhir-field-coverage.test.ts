// Every entered field of the app has a line in the mCODE mapping table (mapped, or why not), so
// a field added to the case schemas is not silently left out of the FHIR export.
import { describe, expect, it } from "vitest";
import { CSV_FILES } from "../../lib/cases/csv-columns";
import { FHIR_FIELD_COVERAGE } from "../../lib/fhir/field-coverage";
import { enteredFields } from "../../lib/interop/field-catalogue";

describe("the mCODE field coverage table", () => {
  it("names every entered field, and only those", () => {
    const fields = CSV_FILES.flatMap((file) => enteredFields(file).map((field) => `${file}.${field.column}`));
    const missing = fields.filter((field) => !(field in FHIR_FIELD_COVERAGE));
    expect(missing, `Add these fields to lib/fhir/field-coverage.ts (and map them in lib/fhir/patient-bundle.ts, or say why not): ${missing.join(", ")}`).toEqual([]);
    expect(Object.keys(FHIR_FIELD_COVERAGE).filter((field) => !fields.includes(field))).toEqual([]);
  });
});
