import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import Papa from "papaparse";
import { COHORT_COLOURS } from "../lib/analytics/cohorts";
import { saveScreenshot } from "./support/screenshots";
import { signIn } from "./support/sign-in";

const COHORTS = ["ZERO", "ULTRALOW", "ZERO_NOS", "LOW", "POSITIVE", "UNCLASSIFIED"] as const;
const THREE_GROUPS = ["HER2_0", "LOW", "POSITIVE", "UNCLASSIFIED"] as const;
type Counts = Record<(typeof COHORTS)[number], number>;

function toNumber(text: string | null): number {
  const value = Number((text ?? "").replace(/,/g, "").trim());
  if (!Number.isFinite(value)) throw new Error(`Not a count: ${text}`);
  return value;
}

async function waitForDashboard(page: Page): Promise<void> {
  // Table 1's exact tests are the slowest part of a tab; on a loaded 2-core machine they can take
  // longer than the default 10 s expectation.
  await expect(page.getByTestId("dashboard-content")).toHaveAttribute("aria-busy", "false", { timeout: 30_000 });
  await expect(page.getByTestId("dashboard-loading")).toHaveCount(0);
}

async function readOverviewCounts(page: Page): Promise<Counts & { total: number }> {
  await waitForDashboard(page);
  const counts = { total: toNumber(await page.getByTestId("count-total").textContent()) } as Counts & { total: number };
  for (const cohort of COHORTS) counts[cohort] = toNumber(await page.getByTestId(`count-${cohort}`).textContent());
  return counts;
}

/** The 3-group scheme's counts (HER2-0 = null + ultralow + not specified). */
async function readThreeGroupCounts(page: Page): Promise<Record<(typeof THREE_GROUPS)[number], number>> {
  await waitForDashboard(page);
  const counts = {} as Record<(typeof THREE_GROUPS)[number], number>;
  for (const cohort of THREE_GROUPS) counts[cohort] = toNumber(await page.getByTestId(`count-${cohort}`).textContent());
  return counts;
}

test.describe("the investigator dashboards", () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, "investigator");
  });

  test("filters live in the URL, the back button restores them, and every tab counts the same patients", async ({ page }) => {
    await page.goto("/dashboard");
    // 600 seeded patients, plus any that other specs created on the shared e2e database.
    const initial = await readOverviewCounts(page);
    expect(initial.total).toBeGreaterThanOrEqual(590);
    expect(COHORTS.reduce((sum, cohort) => sum + initial[cohort], 0)).toBe(initial.total);
    await expect(page.getByRole("heading", { name: "Patients per cohort" })).toBeVisible();
    await saveScreenshot(page, "dashboard-overview");

    // The default rule is the status at diagnosis; change it: the URL records it and the counts follow.
    await expect(page.getByRole("radio", { name: "Primary tumour" })).toBeChecked();
    await page.getByRole("radio", { name: "Latest test" }).check();
    await expect(page).toHaveURL(/\/dashboard\?rule=latest$/);
    await waitForDashboard(page);
    await expect(page.getByRole("radio", { name: "Latest test" })).toBeChecked();
    const latest = await readOverviewCounts(page);
    expect(latest.total).toBe(initial.total);

    // Add a filter: HR-positive only.
    await page.getByTestId("filter-hr").locator("summary").click();
    await page.getByRole("checkbox", { name: "HR-positive" }).check();
    await expect(page).toHaveURL(/rule=latest/);
    await expect(page).toHaveURL(/hr=POSITIVE/);
    const filtered = await readOverviewCounts(page);
    expect(filtered.total).toBeGreaterThan(0);
    expect(filtered.total).toBeLessThan(initial.total);

    // Back: the filter goes, then the rule; forward brings them back.
    await page.goBack();
    await expect(page).toHaveURL(/\/dashboard\?rule=latest$/);
    expect(await readOverviewCounts(page)).toEqual(latest);
    await page.goBack();
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByRole("radio", { name: "Primary tumour" })).toBeChecked();
    expect(await readOverviewCounts(page)).toEqual(initial);
    await page.goForward();
    await page.goForward();
    await expect(page).toHaveURL(/hr=POSITIVE/);
    expect(await readOverviewCounts(page)).toEqual(filtered);

    // Characteristics: the same filters, Table 1 column totals = the cohort counts.
    await page.getByRole("link", { name: "Characteristics" }).click();
    await expect(page).toHaveURL(/\/dashboard\/characteristics\?.*rule=latest/);
    await expect(page).toHaveURL(/hr=POSITIVE/);
    await waitForDashboard(page);
    await expect(page.getByTestId("table-one-count-OVERALL")).toHaveText(filtered.total.toLocaleString("en"));
    for (const cohort of COHORTS) {
      const header = page.getByTestId(`table-one-count-${cohort}`);
      if (filtered[cohort] === 0) await expect(header).toHaveCount(0);
      else await expect(header).toHaveText(filtered[cohort].toLocaleString("en"));
    }
    // The categorical p-values stream in after the counts; HR status has a single level here.
    await expect(page.getByTestId("p-value-grade")).toHaveText(/^(<0\.001|>0\.99|0\.\d+)[¹²³⁴⁵]?$/, { timeout: 30_000 });
    await expect(page.getByTestId("p-value-age")).toHaveText(/^(<0\.001|>0\.99|0\.\d+)[¹²³⁴⁵]$/);
    // Every categorical row with two or more levels gets a p-value: chi-square, Fisher's exact
    // test, or Fisher's test simulated when the exact enumeration is too large (issue 8).
    for (const key of ["menopausal", "histology", "grade", "t", "n", "stage", "erLow", "brca", "setting"]) {
      await expect(page.getByTestId(`p-value-${key}`), key).toHaveText(/^(<0\.001|>0\.99|0\.\d+)[¹²³⁴⁵]$/);
    }
    await expect(page.getByText("Kruskal-Wallis rank sum test").first()).toBeVisible();
    await saveScreenshot(page, "dashboard-characteristics");

    // Outcomes: OS from diagnosis counts every patient, so the Kaplan-Meier group sizes agree.
    await page.getByRole("link", { name: "Outcomes" }).click();
    await expect(page).toHaveURL(/\/dashboard\/outcomes\?.*hr=POSITIVE/);
    await waitForDashboard(page);
    for (const cohort of COHORTS) {
      const cell = page.getByTestId(`survival-n-${cohort}`);
      if (filtered[cohort] === 0) await expect(cell).toHaveCount(0);
      else await expect(cell).toHaveText(filtered[cohort].toLocaleString("en"));
      const atRisk = page.getByTestId("number-at-risk");
      await expect(atRisk).toBeVisible();
    }
    await expect(page.getByTestId("log-rank")).toContainText("Log-rank test");
    await expect(page.getByTestId("survival-row-ZERO")).toContainText("1 (reference)");
    await expect(page.getByTestId("immortal-time-warning")).toBeVisible();
    // Every response rate drawn has its exact interval, a rate of 0 % too (here HER2-ultralow on
    // T-DXd, 0 of 2): Recharts leaves zero-length bars out, and their error bars went with them.
    // No cell is suppressed in this demo, so each row of the chart has a rate.
    const responses = page.getByTestId("chart-response-rates");
    const responseRows = await responses.locator(".recharts-yAxis .recharts-cartesian-axis-tick").count();
    expect(responseRows).toBeGreaterThan(0);
    await expect(responses.locator(".recharts-errorBar")).toHaveCount(responseRows);
    // The number-at-risk table's row labels end before its first column of counts ("HER2-0, not
    // specified" ran into it).
    const overlapping = await page.getByTestId("number-at-risk").evaluate((table) =>
      [...table.querySelectorAll(":scope > g")].flatMap((row) => {
        const [label, first] = [...row.querySelectorAll(":scope > text")];
        if (!label || !first) return [];
        return label.getBoundingClientRect().right > first.getBoundingClientRect().left ? [label.textContent ?? ""] : [];
      }),
    );
    expect(overlapping).toEqual([]);
    await saveScreenshot(page, "dashboard-outcomes");

    // Evolution keeps the filters too.
    await page.getByRole("link", { name: "Evolution" }).click();
    await expect(page).toHaveURL(/\/dashboard\/evolution\?.*hr=POSITIVE/);
    await waitForDashboard(page);
    await expect(page.getByRole("heading", { name: "HER2 category: first → last test" })).toBeVisible();
    await expect(page.getByTestId("chart-first-to-last-discordance")).toHaveText(/^\d[\d,]* of \d[\d,]*, \d+\.\d% \(\d+\.\d-\d+\.\d\)$/);
    await saveScreenshot(page, "dashboard-evolution");
  });

  test("PFS on T-DXd by cohort with hazard ratios, response rates with exact intervals", async ({ page }) => {
    await page.goto("/dashboard/outcomes");
    await waitForDashboard(page);
    await page.getByLabel("Endpoint").selectOption("pfs");
    await expect(page).toHaveURL(/endpoint=pfs/);
    await waitForDashboard(page);
    // Grouped by the HER2 status at the line's start, whatever the rule: the page says so.
    await expect(page.getByTestId("line-start-notice")).toContainText("known at the start of that line");
    await expect(page.getByRole("heading", { name: "Progression-free survival on T-DXd as any metastatic line", exact: true })).toBeVisible();
    await expect(page.getByTestId("chart-kaplan-meier").locator(".recharts-wrapper > svg")).toBeVisible();
    await page.getByLabel("Show 95 % confidence bands").check();
    await expect(page).toHaveURL(/bands=1/);
    await page.getByLabel("Hazard ratio reference").selectOption("LOW");
    await expect(page).toHaveURL(/ref=LOW/);
    await waitForDashboard(page);
    await expect(page.getByTestId("survival-row-LOW")).toContainText("1 (reference)");
    await expect(page.getByRole("heading", { name: "Response by regimen and cohort" })).toBeVisible();
    await page.getByTestId("chart-response-rates").getByRole("button", { name: "Show data table" }).click();
    await expect(page.getByTestId("chart-response-rates").getByRole("cell", { name: "T-DXd" }).first()).toBeVisible();
  });

  test("exports a chart's data as CSV with the numbers on screen", async ({ page }) => {
    await page.goto("/dashboard?rule=highest");
    const counts = await readOverviewCounts(page);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export Patients per cohort as CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("patients-per-cohort.csv");
    const path = await download.path();
    const text = await readFile(path, "utf8");
    // A comment row first: the filters and cohort rule the figure was made under, and the export date (issue 16 §19).
    expect(text.split("\n")[0]).toMatch(/^# Cohort rule: Highest expression; .*exported \d{4}-\d{2}-\d{2}$/);
    const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true, comments: "#" });
    expect(parsed.data[0]).toEqual(["Cohort", "Patients", "Percent"]);
    const byLabel = new Map(parsed.data.slice(1).map((row) => [row[0], Number(row[1])]));
    expect(byLabel.get("HER2-null")).toBe(counts.ZERO);
    expect(byLabel.get("HER2-0, not specified")).toBe(counts.ZERO_NOS);
    expect(byLabel.get("HER2-ultralow")).toBe(counts.ULTRALOW);
    expect(byLabel.get("HER2-low")).toBe(counts.LOW);
    expect(byLabel.get("HER2-positive")).toBe(counts.POSITIVE);
    expect(byLabel.get("Unclassified")).toBe(counts.UNCLASSIFIED);
    const share = Number(parsed.data.find((row) => row[0] === "HER2-low")?.[2]);
    expect(share).toBeCloseTo((100 * counts.LOW) / counts.total, 1);

    // SVG export: a standalone document with the title and the chart.
    const [svgDownload] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export Patients per cohort as SVG" }).click(),
    ]);
    const svg = await readFile(await svgDownload.path(), "utf8");
    expect(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"")).toBe(true);
    expect(svg).toContain("Patients per cohort");
    expect(svg).toContain(COHORT_COLOURS.LOW);
    // The caption is wrapped over several <text> lines at the page width: read it as text.
    const svgText = svg.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    expect(svgText).toMatch(/Cohort rule: Highest expression;.*exported \d{4}-\d{2}-\d{2}/);
    const [pngDownload] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export Patients per cohort as PNG" }).click(),
    ]);
    const png = await readFile(await pngDownload.path());
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
  });

  test("every chart offers a data table, and the page survives bad parameters and empty results", async ({ page }) => {
    await page.goto("/dashboard");
    const unfiltered = await readOverviewCounts(page);
    await page.goto("/dashboard?rule=sideways&from=19x&hr=MAYBE&site=';--");
    await waitForDashboard(page);
    await expect(page.getByRole("radio", { name: "Primary tumour" })).toBeChecked();
    expect(await readOverviewCounts(page)).toEqual(unfiltered);
    const frame = page.getByTestId("chart-composition-by-year");
    await frame.getByRole("button", { name: "Show data table" }).click();
    await expect(frame.getByRole("table")).toBeVisible();
    await expect(frame.getByRole("columnheader", { name: "Year of diagnosis" })).toBeVisible();

    // A year outside the data is left out (and said); filters that no patient meets give the empty state.
    await page.goto("/dashboard/characteristics?from=2099");
    await expect(page.getByTestId("filter-notice")).toContainText("From 2099");
    await page.goto("/dashboard/characteristics?from=2013&to=2013&hr=UNKNOWN&stage=STAGE_IV");
    await expect(page.getByTestId("no-patients")).toBeVisible();
    await expect(page.getByRole("heading", { name: "No patients match these filters" })).toBeVisible();
  });
});

test.describe("HER2 status in time and the cohort schemes", () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, "investigator");
  });

  test("Table 1 and OS from diagnosis default to the status at diagnosis; the other rules show the immortal-time warning", async ({ page }) => {
    await page.goto("/dashboard/characteristics");
    await waitForDashboard(page);
    await expect(page.getByRole("radio", { name: "Primary tumour" })).toBeChecked();
    await expect(page.getByTestId("cohort-rule-notice")).toContainText("status at diagnosis");
    await expect(page.getByTestId("immortal-time-warning")).toHaveCount(0);
    for (const rule of ["Latest test", "Highest expression"]) {
      await page.getByRole("radio", { name: rule }).check();
      await waitForDashboard(page);
      await expect(page.getByTestId("immortal-time-warning")).toContainText("immortal-time bias");
    }
    await expect(page).toHaveURL(/rule=highest/);
    await saveScreenshot(page, "dashboard-characteristics-immortal-time-warning");

    await page.goto("/dashboard/outcomes");
    await waitForDashboard(page);
    await expect(page.getByRole("heading", { name: "Overall survival from diagnosis", exact: true })).toBeVisible();
    await expect(page.getByTestId("immortal-time-warning")).toHaveCount(0);
    await page.goto("/dashboard/outcomes?rule=latest");
    await waitForDashboard(page);
    await expect(page.getByTestId("immortal-time-warning")).toBeVisible();
  });

  test("Table 1 compares HER2-low with HER2-0 when asked, and says so", async ({ page }) => {
    await page.goto("/dashboard/characteristics");
    await waitForDashboard(page);
    await expect(page.getByTestId("table-one-comparison")).toContainText("every HER2 cohort");
    await page.getByRole("radio", { name: "HER2-low vs HER2-0" }).check();
    await expect(page).toHaveURL(/compare=low-vs-0/);
    await waitForDashboard(page);
    await expect(page.getByTestId("table-one-comparison")).toContainText("HER2-low against HER2-0");
    await expect(page.getByTestId("p-value-prStatus")).toHaveText(/^(<0\.001|>0\.99|0\.\d+)[¹²³⁴⁵]?$/, { timeout: 30_000 });
    await expect(page.getByTestId("p-value-era")).toHaveText(/^(<0\.001|>0\.99|0\.\d+)[¹²³⁴⁵]?$/);
    await expect(page.getByTestId("p-value-size")).toHaveText(/^(<0\.001|>0\.99|0\.\d+)[¹²³⁴⁵]$/);
  });

  test("the 3-group scheme makes HER2-0 of every IHC 0 on every tab, and the tabs agree", async ({ page }) => {
    await page.goto("/dashboard");
    const four = await readOverviewCounts(page);
    await page.getByRole("radio", { name: "3 groups" }).check();
    await expect(page).toHaveURL(/scheme=3/);
    const three = await readThreeGroupCounts(page);
    expect(three.HER2_0).toBe(four.ZERO + four.ULTRALOW + four.ZERO_NOS);
    expect(three.LOW).toBe(four.LOW);
    expect(three.POSITIVE).toBe(four.POSITIVE);
    await expect(page.getByTestId("count-ZERO")).toHaveCount(0);
    await saveScreenshot(page, "dashboard-overview-three-groups");

    await page.getByRole("link", { name: "Characteristics" }).click();
    await expect(page).toHaveURL(/\/dashboard\/characteristics\?.*scheme=3/);
    await waitForDashboard(page);
    await expect(page.getByTestId("table-one-count-HER2_0")).toHaveText(three.HER2_0.toLocaleString("en"));
    await expect(page.getByTestId("table-one-count-ZERO")).toHaveCount(0);

    await page.getByRole("link", { name: "Outcomes" }).click();
    await expect(page).toHaveURL(/\/dashboard\/outcomes\?.*scheme=3/);
    await waitForDashboard(page);
    await expect(page.getByTestId("survival-n-HER2_0")).toHaveText(three.HER2_0.toLocaleString("en"));
    await expect(page.getByTestId("survival-row-HER2_0")).toContainText("1 (reference)");

    await page.getByRole("link", { name: "Evolution" }).click();
    await expect(page).toHaveURL(/\/dashboard\/evolution\?.*scheme=3/);
    await waitForDashboard(page);
    await expect(page.getByTestId("chart-first-to-last-discordance-4")).toBeVisible();
    await expect(page.getByRole("heading", { name: "HER2 category: before neoadjuvant therapy → residual disease" })).toBeVisible();
    await saveScreenshot(page, "dashboard-evolution-three-groups");
  });
});

test("a coordinator's dashboard shows their own site only", async ({ page }) => {
  await signIn(page, "coordinator");
  await page.goto("/dashboard?site=02,03");
  await waitForDashboard(page);
  await expect(page.getByTestId("filter-bar")).toContainText("(your site)");
  const sites = page.getByTestId("chart-site-breakdown");
  await sites.getByRole("button", { name: "Show data table" }).click();
  const rows = sites.getByRole("table").locator("tbody tr");
  await expect(rows).toHaveCount(1);
  await expect(rows.first().locator("td").first()).toHaveText("01");
});
