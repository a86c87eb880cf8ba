import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousAxeViolations } from "./support/axe";
import { saveScreenshot } from "./support/screenshots";
import { signIn } from "./support/sign-in";

async function waitForDashboard(page: Page): Promise<void> {
  await expect(page.getByTestId("dashboard-content")).toHaveAttribute("aria-busy", "false");
  await expect(page.getByTestId("dashboard-loading")).toHaveCount(0);
  // The forest is streamed after the curves (its interaction tests run in the worker pool).
  await expect(page.getByTestId("cohort-forest-loading")).toHaveCount(0, { timeout: 60_000 });
}

test.describe("cohort against reference cohort: forest plot of subgroups (issue 14 §4)", () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, "investigator");
  });

  test("shows HER2-low vs HER2-0 by subgroup, follows the filters, exports its data", async ({ page }) => {
    test.setTimeout(180_000);
    await page.goto("/dashboard/outcomes");
    await waitForDashboard(page);
    await page.getByRole("button", { name: "Show the forest plot of subgroups" }).click();
    await expect(page).toHaveURL(/subgroups=1/);
    await waitForDashboard(page);
    const section = page.getByTestId("cohort-forest");
    await section.scrollIntoViewIfNeeded();
    await expect(page.getByLabel("Cohort (arm A)")).toHaveValue("LOW");
    await expect(page.getByLabel("Reference cohort (arm B)")).toHaveValue("HER2_0");
    await expect(page.getByTestId("cohort-forest-method")).toContainText("likelihood-ratio test");
    await expect(page.getByTestId("cohort-forest-method")).toContainText("cohort rule");
    const forest = page.getByTestId("chart-cohort-forest");
    await expect(forest.locator("svg[data-chart-svg]")).toBeVisible();
    for (const subgroup of ["Age at diagnosis", "Hormone receptor status", "Menopausal status", "Site", "Diagnosis era"]) {
      await expect(forest.locator("svg")).toContainText(subgroup);
    }
    // OS from diagnosis has no line of therapy.
    await expect(forest.locator("svg")).not.toContainText("Line of therapy");
    await expect(page.getByTestId("interaction-ageGroup")).toContainText(/[0-9] \([0-9]+\)|Not tested|Not computed in time/);

    // A filter: PFS on the line, whose patients are grouped by the status at the line's start.
    await page.getByLabel("Endpoint").selectOption("pfs");
    await expect(page).toHaveURL(/endpoint=pfs/);
    await waitForDashboard(page);
    await expect(page.getByTestId("cohort-forest-method")).toContainText("line");
    await expect(forest.locator("svg")).toContainText("Line of therapy");
    // The reference cohort, kept in the URL.
    await page.getByLabel("Reference cohort (arm B)").selectOption("POSITIVE");
    await expect(page).toHaveURL(/fref=POSITIVE/);
    await waitForDashboard(page);
    await expect(forest).toContainText("HER2-low vs HER2-positive");

    await forest.getByRole("button", { name: "Show data table" }).click();
    await expect(forest.getByRole("table")).toContainText("Interaction p (LR)");
    const [csv] = await Promise.all([page.waitForEvent("download"), forest.getByRole("button", { name: /as CSV/ }).click()]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    const text = await readFile((await csv.path()) ?? "", "utf8");
    expect(text).toContain("Interaction p (LR)");
    expect(text).toContain("All patients");
    expect(text).toContain("Line of therapy");
    const [svg] = await Promise.all([page.waitForEvent("download"), forest.getByRole("button", { name: /as SVG/ }).click()]);
    expect(svg.suggestedFilename()).toMatch(/\.svg$/);
    const [png] = await Promise.all([page.waitForEvent("download"), forest.getByRole("button", { name: /as PNG/ }).click()]);
    expect(png.suggestedFilename()).toMatch(/\.png$/);
    await expectNoSeriousAxeViolations(page, "cohort forest");
    await section.screenshot({ path: "test-results/screenshots/outcomes-cohort-forest.png" });
    await saveScreenshot(page, "outcomes-cohort-forest-page");
  });

  test("says so when the two cohorts overlap", async ({ page }) => {
    await page.goto("/dashboard/outcomes?subgroups=1&fcohort=ZERO");
    await waitForDashboard(page);
    await expect(page.getByTestId("cohort-forest-overlap")).toContainText("share patients");
  });

  test("works at 390 px and by keyboard", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/dashboard/outcomes?subgroups=1");
    await waitForDashboard(page);
    await page.getByLabel("Cohort (arm A)").focus();
    await page.keyboard.press("Tab");
    await expect(page.getByLabel("Reference cohort (arm B)")).toBeFocused();
    await expect(page.getByTestId("chart-cohort-forest")).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await saveScreenshot(page, "outcomes-cohort-forest-390");
  });
});
