import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import Papa from "papaparse";
import { saveScreenshot } from "./support/screenshots";
import { signIn } from "./support/sign-in";

async function waitForDashboard(page: Page): Promise<void> {
  await expect(page.getByTestId("dashboard-content")).toHaveAttribute("aria-busy", "false");
  await expect(page.getByTestId("dashboard-loading")).toHaveCount(0);
}

/** "12 of 57 reviewed specimens" → 57. */
async function reviewedSpecimens(page: Page): Promise<number> {
  const text = (await page.getByTestId("chart-central-review-all").textContent()) ?? "";
  const match = /of ([\d,]+) reviewed specimens/.exec(text);
  if (!match?.[1]) throw new Error(`No count in: ${text}`);
  return Number(match[1].replace(/,/g, ""));
}

const KAPPA = /^-?\d\.\d\d \(-?\d\.\d\d to -?\d\.\d\d\)/;

test.describe("the Agreement tab", () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, "investigator");
  });

  test("compares reads of one specimen, keeps the filters in the URL and exports a chart's data", async ({ page }) => {
    await page.goto("/dashboard");
    await waitForDashboard(page);
    await page.getByRole("navigation", { name: "Dashboard views" }).getByRole("link", { name: "Agreement" }).click();
    await expect(page).toHaveURL(/\/dashboard\/agreement$/);
    await waitForDashboard(page);

    const readers = page.getByTestId("chart-reader-agreement");
    await expect(readers.getByRole("heading", { name: "Reader agreement on the same slide" })).toBeVisible();
    await expect(page.getByTestId("chart-reader-agreement-kappa")).toHaveText(KAPPA);
    await expect(page.getByTestId("chart-reader-agreement-agreement")).toHaveText(/^\d+\.\d% \(\d+\.\d-\d+\.\d\)$/);
    // The T-DXd call: two categories, where quadratic weights change nothing.
    await readers.getByRole("button", { name: "0 vs ≥1+" }).click();
    await expect(page.getByTestId("chart-reader-agreement-kappa-quadratic")).toContainText("equals the unweighted κ");
    await expect(page.getByTestId("chart-local-central-kappa")).toHaveText(KAPPA);
    await expect(page.getByTestId("chart-assay-agreement-kappa")).toHaveText(KAPPA);
    await expect(page.getByTestId("chart-fleiss").getByRole("cell", { name: "IHC 0 vs ≥1+" })).toBeVisible();
    const allSites = await reviewedSpecimens(page);
    expect(allSites).toBeGreaterThan(20);
    await saveScreenshot(page, "dashboard-agreement");

    // A filter: one site. The URL records it and central review counts that site's specimens only.
    await page.getByTestId("filter-sites").locator("summary").click();
    await page.getByRole("checkbox", { name: /^03 · / }).check();
    await expect(page).toHaveURL(/\/dashboard\/agreement\?site=03$/);
    await waitForDashboard(page);
    const oneSite = await reviewedSpecimens(page);
    expect(oneSite).toBeGreaterThan(0);
    expect(oneSite).toBeLessThan(allSites);

    // The central-review chart's data as CSV: the same numbers as on screen.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export Central review: category changes by site as CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("central-review-category-changes-by-site.csv");
    const text = await readFile(await download.path(), "utf8");
    // The first row is the export's caption as a comment (issue 16 §19).
    expect(text.split("\n")[0]).toMatch(/^# Cohort rule: .*sites: 03.*exported \d{4}-\d{2}-\d{2}$/);
    const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true, comments: "#" });
    expect(parsed.data[0]?.slice(0, 3)).toEqual(["Site", "Reviewed specimens", "Category changed"]);
    const rows = parsed.data.slice(1);
    expect(rows.map((row) => row[0])).toEqual([expect.stringMatching(/^03 /), "All sites"]);
    expect(Number(rows[1]?.[1])).toBe(oneSite);
  });

  test("relates a quantitative measure to IHC 0 vs ≥1+, with a cut-off kept in the URL", async ({ page }) => {
    await page.goto("/dashboard/agreement");
    await waitForDashboard(page);
    // ERBB2 mRNA by default: Youden's cut-off, the AUC with its DeLong interval.
    await expect(page.getByTestId("chart-measure-by-score").getByRole("heading")).toHaveText("ERBB2 mRNA, single-gene score (units) by IHC score");
    await expect(page.getByTestId("chart-cut-off-auc")).toHaveText(/^0\.\d{3} \(0\.\d{3}-(0\.\d{3}|1\.000)\)$/);
    await expect(page.getByTestId("chart-cut-off-rule")).toContainText("Youden");

    await page.getByLabel("Quantitative measure").selectOption("dia-hscore");
    await expect(page).toHaveURL(/measure=dia-hscore/);
    await waitForDashboard(page);
    await expect(page.getByTestId("chart-measure-by-score").getByRole("heading")).toHaveText("Image analysis: H-score by IHC score");
    await page.getByLabel(/^Cut-off/).fill("20");
    await page.getByRole("button", { name: "Apply cut-off" }).click();
    await expect(page).toHaveURL(/measure=dia-hscore&cut=20$/);
    await waitForDashboard(page);
    await expect(page.getByTestId("chart-cut-off-rule")).toHaveText(/^≥ 20 called ≥1\+ \(chosen\)$/);
    await expect(page.getByTestId("chart-cut-off-sensitivity")).toHaveText(/^\d+\.\d% \(\d+\.\d-\d+\.\d\)$/);
    await expect(page.getByTestId("chart-cut-off-specificity")).toHaveText(/^\d+\.\d% \(\d+\.\d-\d+\.\d\)$/);
    // Out of range: refused in the form, nothing sent.
    await page.getByLabel(/^Cut-off/).fill("400");
    await expect(page.getByRole("alert").filter({ hasText: "The cut-off must be a number from 0 to 300." })).toBeVisible();
    await expect(page.getByRole("button", { name: "Apply cut-off" })).toBeDisabled();
    await saveScreenshot(page, "dashboard-agreement-quantitative");
  });

  test("fits a 390 px wide screen without sideways scrolling", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/dashboard/agreement");
    await waitForDashboard(page);
    await expect(page.getByTestId("chart-reader-agreement-kappa")).toHaveText(KAPPA);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // The matrix is laid out for the phone, not shrunk: its smallest text is at least 9 px on
    // screen (the desktop layout scaled down gave 7 px), and no two labels or counts overlap.
    const matrix = page.getByTestId("chart-reader-agreement").locator("svg[data-chart-svg]");
    // Laid out again once the page has measured its width (the server draws the wide layout).
    await expect.poll(() => matrix.evaluate((svg: SVGSVGElement) => svg.viewBox.baseVal.width)).toBeLessThan(400);
    const { smallestPx, overlaps } = await matrix.evaluate((svg: SVGSVGElement) => {
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      const texts = [...svg.querySelectorAll("text")].filter((text) => !text.hasAttribute("transform"));
      const boxes = texts.map((text) => ({ label: text.textContent ?? "", box: text.getBoundingClientRect() }));
      const overlapping: string[] = [];
      boxes.forEach((a, i) =>
        boxes.slice(i + 1).forEach((b) => {
          if (a.box.left < b.box.right - 1 && b.box.left < a.box.right - 1 && a.box.top < b.box.bottom - 1 && b.box.top < a.box.bottom - 1) overlapping.push(`${a.label} / ${b.label}`);
        }),
      );
      return { smallestPx: Math.min(...texts.map((text) => parseFloat(getComputedStyle(text).fontSize) * scale)), overlaps: overlapping };
    });
    expect(smallestPx).toBeGreaterThanOrEqual(9);
    expect(overlaps).toEqual([]);
    await saveScreenshot(page, "dashboard-agreement-390");
  });
});
