// mCODE bundles of synthetic cases (the demo generator, every kind of data): every resource is
// valid FHIR R4 for both validators and every bundle meets the mCODE profiles' required
// elements. The database export is tested in tests/integration/interop-exports.test.ts.
import { describe, expect, it } from "vitest";
import { generateCohort } from "../../lib/demo/generate-cohort";
import { buildPatientBundle, syntheticDate, type FhirCase } from "../../lib/fhir/patient-bundle";
import { fhirProblems } from "../support/fhir-validation";
import { mcodeProblems } from "../support/mcode-checks";

export function demoFhirCases(patients: number, seed: number): FhirCase[] {
  let nextId = 1;
  return [...generateCohort({ patients, seed })].map((item, index) => ({
    patient: { ...item.patient, id: index + 1 },
    tests: item.tests.map((test) => ({ ...test, id: nextId++ })),
    lines: item.lines.map((line) => ({ ...line, id: nextId++ })),
  }));
}

describe("mCODE patient bundles", () => {
  it("are valid FHIR R4 and meet the mCODE profiles, for 40 synthetic patients", { timeout: 120_000 }, () => {
    const problems: string[] = [];
    let resources = 0;
    for (const item of demoFhirCases(40, 77)) {
      const bundle = buildPatientBundle(item, new Date("2026-01-01T00:00:00Z"));
      problems.push(...fhirProblems(bundle).map((problem) => `${item.patient.studyId} bundle: ${problem}`));
      for (const entry of bundle.entry ?? []) {
        resources += 1;
        if (entry.resource) problems.push(...fhirProblems(entry.resource).map((problem) => `${item.patient.studyId} ${entry.resource?.resourceType}: ${problem}`));
      }
      problems.push(...mcodeProblems(bundle).map((problem) => `${item.patient.studyId}: ${problem}`));
    }
    expect(problems.slice(0, 20)).toEqual([]);
    expect(resources).toBeGreaterThan(40 * 10);
  });

  it("catches what it is meant to catch", () => {
    const [item] = demoFhirCases(1, 3);
    const bundle = buildPatientBundle(item as FhirCase, new Date());
    const observation = bundle.entry?.find((entry) => entry.resource?.resourceType === "Observation")?.resource as unknown as Record<string, unknown>;
    expect(fhirProblems({ ...observation, status: "done" } as never).length).toBeGreaterThan(0);
    expect(fhirProblems({ ...observation, valueCodeableConcept: "3+" } as never).length).toBeGreaterThan(0);
    const broken = structuredClone(bundle);
    (broken.entry?.[0]?.resource as { gender?: string }).gender = undefined;
    broken.entry?.push({ fullUrl: "urn:uuid:x", resource: { resourceType: "Observation", id: "x", status: "final", code: { text: "x" }, subject: { reference: "urn:uuid:nowhere" }, effectiveDateTime: "2020-03-04" } });
    const problems = mcodeProblems(broken);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/gender 1..1/), expect.stringMatching(/resolves inside the bundle/), expect.stringMatching(/not 1 July/)]));
    expect(syntheticDate(2020, 0)).toBe("2020-07-01");
    expect(syntheticDate(2020, 184)).toBe("2021-01-01");
  });
});
