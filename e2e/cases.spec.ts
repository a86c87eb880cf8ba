import { expect, test, type Page } from "@playwright/test";
import { E2E_BASE_URL } from "./support/constants";
import { saveScreenshot } from "./support/screenshots";
import { signIn } from "./support/sign-in";

// Issue 5 end to end, on the seeded e2e database (600 patients; the demo coordinator is at site 01).

const STUDY_ID = "HER2-01-9001";

async function chooseOption(page: Page, label: string, option: string) {
  await page.getByLabel(label, { exact: true }).selectOption({ label: option });
}

test.describe.configure({ mode: "serial" });

test("a coordinator creates a case with IHC 2+ / ISH-negative and sees HER2-low", async ({ page }) => {
  await signIn(page, "coordinator");
  await page.goto("/cases");
  await expect(page.getByRole("heading", { name: "Cases" })).toBeVisible();
  await expect(page.getByRole("table")).toContainText("HER2-01-");
  await saveScreenshot(page, "cases-list");

  await page.getByRole("link", { name: "New case" }).click();
  await expect(page.getByRole("heading", { name: "New case" })).toBeVisible();
  await page.getByLabel("Study ID").fill(STUDY_ID);
  await page.getByLabel("Diagnosis year").fill("2022");
  await page.getByLabel("Age at diagnosis (years)").fill("93");
  await page.getByLabel("ER (%)").fill("80");
  await page.getByLabel("PR (%)").fill("0");
  await expect(page.getByTestId("hr-status")).toHaveText("HR-positive");
  await chooseOption(page, "Disease setting *", "Early (non-metastatic)");
  await chooseOption(page, "Vital status *", "Alive");
  await page.getByLabel("Last contact (days)").fill("700");

  await chooseOption(page, "Specimen *", "Primary tumour, biopsy");
  await page.getByLabel("Specimen taken (days)").fill("0");
  await chooseOption(page, "Assay *", "VENTANA 4B5");
  await chooseOption(page, "IHC score", "2+");
  await expect(page.getByTestId("her2-category")).toContainText("Equivocal (ISH pending)");
  await page.getByLabel("ISH HER2/CEP17 ratio").fill("1.3");
  // One half of the ISH pair: the form says so next to the field, before anything is sent.
  await page.getByLabel("ISH HER2/CEP17 ratio").blur();
  await page.getByRole("button", { name: "Create case" }).click();
  await expect(page.locator("#field-tests-0-ishCopies-error")).toHaveText(/Enter both the HER2\/CEP17 ratio/);
  await page.getByLabel("ISH mean HER2 copies/cell").fill("2.5");
  await expect(page.getByTestId("her2-category")).toContainText("HER2-low");
  await expect(page.getByTestId("her2-category")).toContainText("ISH group 5 with IHC 2+: negative, HER2-low");

  await page.getByRole("button", { name: "Create case" }).click();
  await expect(page.getByRole("heading", { name: `Case ${STUDY_ID}` })).toBeVisible();
  await expect(page.getByTestId("stored-cohort-latest")).toHaveText("HER2-low");
  await expect(page.getByTestId("stored-cohort-primary")).toHaveText("HER2-low");
  // Age 93 is stored as 90 and shown as 90+.
  await expect(page.getByText("age 90+")).toBeVisible();
  await saveScreenshot(page, "case-form");
});

test("the coordinator edits the case with a reason and sees it in the history", async ({ page }) => {
  await signIn(page, "coordinator");
  await page.goto(`/cases?q=${STUDY_ID}`);
  await page.getByRole("link", { name: STUDY_ID }).click();
  await expect(page.getByRole("heading", { name: `Case ${STUDY_ID}` })).toBeVisible();

  await chooseOption(page, "IHC score", "0 (ultralow, faint ≤10 %)");
  await page.getByLabel("ISH HER2/CEP17 ratio").fill("");
  await page.getByLabel("ISH mean HER2 copies/cell").fill("");
  await expect(page.getByTestId("her2-category")).toContainText("HER2-ultralow");

  // Leaving with unsaved changes asks first; dismissing keeps the edits.
  page.once("dialog", (dialog) => void dialog.dismiss());
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Cases" }).click();
  await expect(page.getByRole("heading", { name: `Case ${STUDY_ID}` })).toBeVisible();

  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.locator("#field-reason-error")).toHaveText(/Give a reason/);
  // A date in the reason is refused in the form, with the server's own check, before anything is sent.
  await page.getByLabel("Reason for the change").fill("Seen in clinic on 2021-03-04");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.locator("#field-reason-error")).toHaveText(/may not contain a date/);
  await page.getByLabel("Reason for the change").fill("Pathology review: IHC re-read as ultralow");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status")).toContainText("Saved");
  await expect(page.getByTestId("stored-cohort-latest")).toHaveText("HER2-ultralow");

  await page.getByRole("link", { name: "History" }).click();
  await expect(page.getByRole("heading", { name: `History of case ${STUDY_ID}` })).toBeVisible();
  const events = page.getByRole("list", { name: "Audit events" });
  await expect(events).toContainText("Pathology review: IHC re-read as ultralow");
  // Labels people read, not codes (issue 16 §13).
  await expect(events).toContainText("IHC score");
  await expect(events).toContainText("0 (ultralow, faint ≤10 %)");
  await expect(events).not.toContainText("IHC_0_ULTRALOW");
  await expect(events).not.toContainText("ihcScore");
  await expect(events).toContainText(`Created: Case ${STUDY_ID}`);
  await saveScreenshot(page, "case-history");
});

test("a stale save shows what changed since the form was opened", async ({ browser }) => {
  const context = await browser.newContext();
  const first = await context.newPage();
  await signIn(first, "coordinator");
  await first.goto(`/cases?q=${STUDY_ID}`);
  await first.getByRole("link", { name: STUDY_ID }).click();
  await expect(first.getByRole("heading", { name: `Case ${STUDY_ID}` })).toBeVisible();
  const caseUrl = first.url().split("?")[0] ?? "";
  const second = await context.newPage();
  await second.goto(caseUrl);
  await expect(second.getByRole("heading", { name: `Case ${STUDY_ID}` })).toBeVisible();

  await first.getByLabel("Tumour size (mm)").fill("31");
  await first.getByLabel("Reason for the change").fill("Size from the pathology report");
  await first.getByRole("button", { name: "Save changes" }).click();
  await expect(first.getByRole("status")).toContainText("Saved");

  await second.getByLabel("Tumour size (mm)").fill("27");
  await second.getByLabel("Reason for the change").fill("Size from the radiology report");
  await second.getByRole("button", { name: "Save changes" }).click();
  const notice = second.getByRole("alert").filter({ hasText: `Someone else changed case ${STUDY_ID}` });
  await expect(notice).toBeVisible();
  await expect(notice.getByRole("row", { name: /Tumour size \(mm\)/ })).toContainText("27");
  await expect(notice.getByRole("row", { name: /Tumour size \(mm\)/ })).toContainText("31");
  await expect(notice).toContainText("coordinator@demo.example");
  // A three-way merge (issue 16 §7): the case by its study ID, theirs and yours per field, a choice where both changed.
  await expect(notice).toContainText(`Case ${STUDY_ID}`);
  await expect(notice).not.toContainText("Patient #");
  await saveScreenshot(second, "case-conflict");
  await notice.getByRole("radio", { name: "yours" }).check();
  await notice.getByRole("button", { name: /Apply the merge/ }).click();
  await expect(second.getByTestId("merge-applied")).toBeVisible();
  await expect(second.getByLabel("Tumour size (mm)")).toHaveValue("27");
  await second.getByRole("button", { name: "Save changes" }).click();
  await expect(second.getByText("Saved. The HER2 categories")).toBeVisible();
  await expect(second.getByLabel("Tumour size (mm)")).toHaveValue("27");
  await context.close();
});

test("the coordinator imports a CSV with an error, sees its row and column, fixes it and imports it", async ({ page }) => {
  await signIn(page, "coordinator");
  await page.goto("/import");
  await expect(page.getByRole("link", { name: /Template \(ZIP/ })).toBeVisible();
  const template = await page.request.get("/api/import/template?file=patients");
  expect(template.status()).toBe(200);
  expect(await template.text()).toMatch(/^study_id,site_code,version,diagnosis_year/);

  const header = "study_id,diagnosis_year,age_at_diagnosis,disease_setting,vital_status,days_to_last_contact,grade\n";
  const bad = `${header}HER2-01-9101,2021,55,EARLY,ALIVE,400,2\nHER2-01-9102,2020,61,EARLY,ALIVE,800,5\n`;
  const tests = "study_id,specimen,days_since_diagnosis,assay,ihc_score\nHER2-01-9101,PRIMARY_BIOPSY,0,VENTANA_4B5,IHC_1\nHER2-01-9102,PRIMARY_BIOPSY,0,VENTANA_4B5,IHC_0_NULL\n";
  await page.getByLabel("patients.csv *").setInputFiles({ name: "patients.csv", mimeType: "text/csv", buffer: Buffer.from(bad) });
  await page.getByLabel("her2_tests.csv (optional)").setInputFiles({ name: "her2_tests.csv", mimeType: "text/csv", buffer: Buffer.from(tests) });
  await page.getByRole("button", { name: "Check the files (dry run)" }).click();
  await expect(page.getByRole("heading", { name: /Dry run: 1 error to fix/ })).toBeVisible();
  const error = page.getByTestId("import-error");
  await expect(error).toHaveCount(1);
  await expect(error).toContainText("patients.csv");
  await expect(error).toContainText("3");
  await expect(error).toContainText("grade");
  await expect(error).toContainText("Grade must be between 1 and 3");
  await expect(page.getByRole("button", { name: /^Import/ })).toBeDisabled();
  await saveScreenshot(page, "import-preview");

  await page.getByLabel("patients.csv *").setInputFiles({ name: "patients.csv", mimeType: "text/csv", buffer: Buffer.from(bad.replace(",800,5", ",800,3")) });
  await page.getByRole("button", { name: "Check the files (dry run)" }).click();
  await expect(page.getByRole("heading", { name: "2. Dry run: no errors, ready to import" })).toBeVisible();
  await page.getByRole("button", { name: "Import 2 cases" }).click();
  await expect(page.getByRole("heading", { name: "Imported" })).toBeVisible();
  await page.getByRole("link", { name: "See the imported cases" }).click();
  await page.goto("/cases?q=HER2-01-91");
  await expect(page.getByRole("link", { name: "HER2-01-9101" })).toBeVisible();
  await expect(page.getByRole("row", { name: /HER2-01-9102/ })).toContainText("HER2-null");
});

test("exports: the page shows the scope and the download is a ZIP", async ({ page }) => {
  await signIn(page, "coordinator");
  await page.goto("/exports");
  await expect(page.getByRole("link", { name: "Download the export (ZIP)" })).toBeVisible();
  await saveScreenshot(page, "exports");
  const download = await page.request.get("/api/exports/cases");
  expect(download.status()).toBe(200);
  expect(download.headers()["content-type"]).toBe("application/zip");
  const body = await download.body();
  expect(body.subarray(0, 2).toString()).toBe("PK");
});

test("full dates are refused by the API with the field and the reason", async ({ page }) => {
  await signIn(page, "coordinator");
  const response = await page.request.post("/api/cases", {
    headers: { Origin: E2E_BASE_URL },
    data: {
      patient: { studyId: "HER2-01-9201", diagnosisYear: 2021, ageAtDiagnosis: 50, diseaseSetting: "EARLY", vitalStatus: "ALIVE", daysToLastContact: "2022-05-01" },
      tests: [],
      lines: [],
    },
  });
  expect(response.status()).toBe(400);
  const body = (await response.json()) as { error: { fields: { path: string; message: string }[] } };
  expect(body.error.fields).toContainEqual({ path: "patient.daysToLastContact", message: "Full dates are not accepted: send days since diagnosis" });
});

test("an oversize upload is refused with 413 and a reason", async ({ page }) => {
  await signIn(page, "coordinator");
  const response = await page.request.post("/api/import", {
    headers: { Origin: E2E_BASE_URL },
    multipart: { mode: "create", dryRun: "true", patients: { name: "patients.csv", mimeType: "text/csv", buffer: Buffer.alloc(31_000_000, "a") } },
  });
  expect(response.status()).toBe(413);
  expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/larger than 30 MB/);
});

test("investigators read cases but cannot create them, even by a direct request", async ({ page }) => {
  await signIn(page, "investigator");
  await page.goto("/cases");
  await expect(page.getByRole("table")).toBeVisible();
  await expect(page.getByRole("link", { name: "New case" })).toHaveCount(0);
  const response = await page.request.post("/api/cases", {
    headers: { Origin: E2E_BASE_URL },
    data: { patient: { studyId: "HER2-02-9301", diagnosisYear: 2021, ageAtDiagnosis: 50, diseaseSetting: "EARLY", vitalStatus: "ALIVE", daysToLastContact: 100 }, tests: [], lines: [] },
  });
  expect(response.status()).toBe(403);
  await page.locator("tbody").getByRole("link").first().click();
  await expect(page.getByText("Read-only: your role can view cases but not change them.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Save changes" })).toHaveCount(0);
  const newPage = await page.goto("/cases/new");
  expect(newPage?.status()).toBe(403);
});

test("a coordinator opening another site's case gets 404", async ({ browser }) => {
  const investigator = await browser.newPage();
  await signIn(investigator, "investigator");
  await investigator.goto("/cases?q=HER2-02-");
  const href = await investigator.locator("tbody").getByRole("link").first().getAttribute("href");
  await investigator.close();
  expect(href).toMatch(/^\/cases\/\d+$/);

  const coordinator = await browser.newPage();
  await signIn(coordinator, "coordinator");
  const response = await coordinator.goto(href ?? "/cases/0");
  expect(response?.status()).toBe(404);
  await coordinator.close();
});
