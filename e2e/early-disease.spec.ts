import { expect, test, type Page } from "@playwright/test";
import { saveScreenshot } from "./support/screenshots";
import { signIn } from "./support/sign-in";

async function waitForDashboard(page: Page): Promise<void> {
  await expect(page.getByTestId("dashboard-content")).toHaveAttribute("aria-busy", "false");
  await expect(page.getByTestId("dashboard-loading")).toHaveCount(0);
}

test.describe("early disease: pCR, iDFS and DRFS (issue 14 §2)", () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, "investigator");
  });

  test("opens the early view, changes the origin in the URL, and exports the pCR data", async ({ page }) => {
    test.setTimeout(180_000);
    await page.goto("/dashboard/outcomes");
    await waitForDashboard(page);
    await page.getByLabel("Compare").selectOption("early");
    await expect(page).toHaveURL(/view=early/);
    await waitForDashboard(page);
    await expect(page.getByTestId("early-disease-view")).toBeVisible();

    // pCR by cohort with its method named, and the two Kaplan-Meier charts with their risk tables.
    const pcr = page.getByTestId("chart-pcr");
    await expect(pcr).toBeVisible();
    await expect(pcr.getByTestId("pcr-odds-ratio")).toContainText("HER2-low vs HER2-0");
    await expect(page.getByTestId("pcr-tests")).toContainText(/Mantel-Haenszel|need enough patients/);
    for (const id of ["chart-idfs", "chart-drfs"]) {
      const chart = page.getByTestId(id);
      await expect(chart.locator(".recharts-line").first()).toBeVisible();
      await expect(chart.getByTestId("number-at-risk")).toBeVisible();
    }
    await expect(page.getByTestId("chart-idfs")).toContainText("Invasive disease-free survival from diagnosis");
    await expect(page.getByTestId("early-origin-note")).toContainText("diagnosis");
    await saveScreenshot(page, "outcomes-early-disease");

    await page.getByLabel("iDFS and DRFS from").selectOption("surgery");
    await expect(page).toHaveURL(/origin=surgery/);
    await waitForDashboard(page);
    await expect(page.getByTestId("early-origin-note")).toContainText("definitive surgery");
    await expect(page.getByTestId("chart-drfs")).toContainText("Distant recurrence-free survival from definitive surgery");
    // The URL carries the view: a reload shows the same.
    await page.reload();
    await waitForDashboard(page);
    await expect(page.getByLabel("iDFS and DRFS from")).toHaveValue("surgery");

    const [csv] = await Promise.all([page.waitForEvent("download"), page.getByTestId("chart-pcr").getByRole("button", { name: /as CSV/ }).click()]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    const text = await (await csv.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString("utf8"));
    // A comment row with the filters and export date first (issue 16 §19), then the header.
    const [caption, header] = text.split(/\r?\n/);
    expect(caption).toMatch(/^# Cohort rule: .*exported \d{4}-\d{2}-\d{2}$/);
    expect(header).toContain("pCR %");
    await saveScreenshot(page, "outcomes-early-disease-from-surgery");
  });
});
