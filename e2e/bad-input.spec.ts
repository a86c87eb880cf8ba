// Bad input over real HTTP, through the production server, its proxy and its body parsing:
// each refusal is a 4xx JSON answer with a reason (and the field), never a 500. The property-based
// suite (tests/integration/bad-input.test.ts) covers every entry point with thousands of inputs;
// these check that nothing between the network and the handlers turns a refusal into a 500.
import { expect, test, type APIResponse } from "@playwright/test";
import { E2E_BASE_URL } from "./support/constants";
import { signIn } from "./support/sign-in";

type ErrorBody = { error: { code: string; message: string; fields?: { path: string; message: string }[] } };

const validCase = () => ({
  patient: { studyId: "HER2-01-9701", diagnosisYear: 2021, ageAtDiagnosis: 50, diseaseSetting: "EARLY", vitalStatus: "ALIVE", daysToLastContact: 400 },
  tests: [],
  lines: [],
});

async function expectRefusal(response: APIResponse, status: number): Promise<ErrorBody["error"]> {
  expect(response.status()).toBe(status);
  expect(response.headers()["content-type"]).toContain("application/json");
  const body = (await response.json()) as ErrorBody;
  expect(body.error.message.length).toBeGreaterThan(0);
  return body.error;
}

test.describe("bad input over HTTP", () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, "coordinator");
  });

  test("malformed JSON is a 400 naming the body", async ({ page }) => {
    const response = await page.request.post("/api/cases", { headers: { Origin: E2E_BASE_URL, "Content-Type": "application/json" }, data: Buffer.from('{"patient": {"studyId": "HER2-01-9702",') });
    const error = await expectRefusal(response, 400);
    expect(error.fields).toEqual([{ path: "(body)", message: "Send a JSON object" }]);
  });

  test("a 1 MB string in a field is refused with 413 (body) or 400 (field), never a 500", async ({ page }) => {
    const huge = "x".repeat(1_048_576);
    const oversize = await page.request.post("/api/cases", { headers: { Origin: E2E_BASE_URL }, data: { ...validCase(), patient: { ...validCase().patient, studyId: huge } } });
    expect((await expectRefusal(oversize, 413)).code).toBe("PAYLOAD_TOO_LARGE");
    const justUnder = await page.request.post("/api/cases", { headers: { Origin: E2E_BASE_URL }, data: { ...validCase(), patient: { ...validCase().patient, studyId: "x".repeat(900_000) } } });
    const error = await expectRefusal(justUnder, 400);
    expect(error.fields?.map((field) => field.path)).toContain("patient.studyId");
  });

  test("an unknown enum code is a 400 on its field, listing the allowed codes", async ({ page }) => {
    const response = await page.request.post("/api/cases", { headers: { Origin: E2E_BASE_URL }, data: { ...validCase(), patient: { ...validCase().patient, vitalStatus: "UNDEAD" } } });
    const error = await expectRefusal(response, 400);
    expect(error.fields).toContainEqual({ path: "patient.vitalStatus", message: "Vital status must be one of ALIVE, DEAD" });
  });

  test("a body that is not JSON is a 415; an id out of range and NUL characters are 400s", async ({ page }) => {
    const form = await page.request.post("/api/cases", { headers: { Origin: E2E_BASE_URL }, form: { patient: "x" } });
    expect((await expectRefusal(form, 415)).code).toBe("UNSUPPORTED_MEDIA_TYPE");
    const outOfRange = await page.request.patch("/api/cases/99999999999", { headers: { Origin: E2E_BASE_URL }, data: { reason: "x" } });
    expect((await expectRefusal(outOfRange, 400)).fields?.map((field) => field.path)).toContain("(input)");
    const nul = await page.request.delete("/api/cases/1", { headers: { Origin: E2E_BASE_URL }, data: { version: 1, reason: "because\u0000" } });
    expect((await expectRefusal(nul, 400)).fields?.map((field) => field.path)).toContain("reason");
  });
});
