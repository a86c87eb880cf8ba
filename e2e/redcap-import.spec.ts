import { expect, test } from "@playwright/test";
import { saveScreenshot } from "./support/screenshots";
import { signIn } from "./support/sign-in";

// The example REDCap project end to end: upload the dictionary and records, review the suggested
// mapping, break a choice code and see the problem by record / instrument / instance / field,
// fix it, save the mapping, dry run, commit; the next upload reuses the saved mapping.
test("a coordinator maps the example REDCap project, checks it and imports it", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "coordinator");
  await page.goto("/import");
  await page.getByRole("link", { name: "Import a REDCap project" }).click();
  await expect(page.getByRole("heading", { name: "Import from REDCap" })).toBeVisible();

  const dictionary = await page.request.get("/api/import/redcap/example?file=dictionary");
  const records = await page.request.get("/api/import/redcap/example?file=records");
  expect(dictionary.status()).toBe(200);
  expect(records.status()).toBe(200);
  const upload = async () => {
    await page.getByLabel("Data dictionary (CSV)").setInputFiles({ name: "dictionary.csv", mimeType: "text/csv", buffer: await dictionary.body() });
    await page.getByLabel("Records export (CSV, raw)").setInputFiles({ name: "records.csv", mimeType: "text/csv", buffer: await records.body() });
  };
  await upload();
  await expect(page.getByText(/40 records, repeating instruments her2_test, treatment_line/)).toBeVisible();
  await expect(page.getByRole("heading", { name: "2. Mapping" })).toBeVisible();

  // Suggestions from names and labels, dates turned into days.
  await expect(page.getByLabel("REDCap field for IHC score")).toHaveValue("ihc_score");
  await expect(page.getByLabel("REDCap field for Day of the test")).toHaveValue("her2_test_date");
  await expect(page.getByLabel("REDCap field for Age at diagnosis")).toHaveValue("birth_date");

  // Break one choice code: IHC "1+" left unmapped.
  const ihcRow = page.getByRole("row", { name: /IHC score/ });
  await ihcRow.getByText(/choices mapped/).click();
  const onePlus = ihcRow.getByLabel(/^\d+\s+1\+$/);
  await expect(onePlus).toHaveValue("IHC_1");
  await onePlus.selectOption("__none");
  await saveScreenshot(page, "redcap-mapping");
  await page.getByRole("button", { name: "Check the records (dry run)" }).click();
  await expect(page.getByRole("heading", { name: /problems? to fix \(nothing was imported\)/ })).toBeVisible();
  const problem = page.getByRole("row").filter({ hasText: /The choice \d+ \("1\+"\) has no app code in the mapping/ }).first();
  await expect(problem).toBeVisible();
  await expect(problem.getByRole("cell").nth(1)).toHaveText("her2_test");
  await expect(problem.getByRole("cell").nth(3)).toHaveText("ihc_score");
  await saveScreenshot(page, "redcap-problems");

  // Fix it, save the mapping for the site, check again and import.
  await onePlus.selectOption("IHC_1");
  await page.getByLabel("Save this mapping as").fill("Site 01 REDCap registry (e2e)");
  await page.getByRole("button", { name: "Save mapping" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved as" })).toBeVisible();
  await page.getByRole("button", { name: "Check the records (dry run)" }).click();
  await expect(page.getByRole("heading", { name: "Dry run: no errors, ready to import" })).toBeVisible();
  await page.getByRole("button", { name: "Import 40 cases" }).click();
  await expect(page.getByRole("heading", { name: "Imported 40 cases" })).toBeVisible();
  await saveScreenshot(page, "redcap-imported");

  // The cases are there, de-identified.
  await page.goto("/cases?q=RCAP-01");
  await expect(page.getByRole("link", { name: "RCAP-01-0001" })).toBeVisible();

  // The next upload of the same project starts from the saved mapping.
  await page.goto("/import/redcap");
  await upload();
  await expect(page.getByLabel("Start from")).toHaveValue(/\d+/);
  await expect(page.getByLabel("Start from").locator("option:checked")).toHaveText(/Site 01 REDCap registry \(e2e\)/);
});

test("the Exports page offers mCODE and ODM for the filtered cohort", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/exports?setting=DE_NOVO_METASTATIC");
  await expect(page.getByRole("heading", { name: "Standards: HL7 FHIR mCODE and CDISC ODM" })).toBeVisible();
  const ndjson = page.getByRole("link", { name: "mCODE NDJSON" });
  await expect(ndjson).toHaveAttribute("href", "/api/exports/fhir?format=ndjson&setting=DE_NOVO_METASTATIC");
  const response = await page.request.get((await ndjson.getAttribute("href")) ?? "");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("application/fhir+ndjson");
  const bundles = (await response.text()).split("\n").filter(Boolean).map((line) => JSON.parse(line) as { resourceType: string; type: string });
  expect(bundles.length).toBeGreaterThan(0);
  expect(bundles.every((bundle) => bundle.resourceType === "Bundle" && bundle.type === "collection")).toBe(true);
  const odm = await page.request.get("/api/exports/odm?setting=DE_NOVO_METASTATIC");
  expect(odm.status()).toBe(200);
  expect(await odm.text()).toContain('FileType="Snapshot"');
  await saveScreenshot(page, "exports-interop");
});
