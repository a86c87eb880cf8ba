import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { E2E_BASE_URL } from "./support/constants";
import { saveScreenshot } from "./support/screenshots";
import { signIn, type DemoRole } from "./support/sign-in";

// Issue 16: the fixed states of a real-browser walkthrough, each photographed (and checked with
// axe by saveScreenshot).

async function waitForDashboard(page: Page): Promise<void> {
  await expect(page.getByTestId("dashboard-content")).toHaveAttribute("aria-busy", "false");
  await expect(page.getByTestId("dashboard-loading")).toHaveCount(0);
}

async function readTotal(page: Page): Promise<number> {
  await waitForDashboard(page);
  return Number((await page.getByTestId("count-total").textContent())?.replace(/,/g, ""));
}

test.describe("charts", () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, "investigator");
  });

  test("response bars are horizontal, each labelled with its n, and the labels never overlap, even for any regimen; its tooltip stays inside the chart (§2, §15)", async ({ page }) => {
    await page.goto("/dashboard/outcomes?regimen=ANY");
    await waitForDashboard(page);
    const chart = page.getByTestId("chart-response-rates");
    // One label per bar, in two lines: the cohort, then "regimen, n = …".
    const labels = chart.locator("svg text").filter({ hasText: /, n = \d/ });
    await expect(labels.first()).toBeVisible({ timeout: 30_000 });
    const count = await labels.count();
    expect(count).toBeGreaterThan(3);
    const boxes = [];
    for (let index = 0; index < count; index += 1) {
      await expect(labels.nth(index)).toContainText(/n = \d/);
      const box = await labels.nth(index).boundingBox();
      if (box) boxes.push(box);
    }
    boxes.sort((a, b) => a.y - b.y);
    for (let index = 1; index < boxes.length; index += 1) expect(boxes[index]!.y).toBeGreaterThanOrEqual(boxes[index - 1]!.y + boxes[index - 1]!.height - 0.5);

    // §15: the tooltip names the bar with its n and gives the rate with its CI, in dark text, inside
    // the chart (not clipped by the card), with no hover band painted over the bars.
    // Anywhere in a bar's band shows its tooltip: the band of the first label, mid-plot.
    await labels.first().scrollIntoViewIfNeeded();
    const surface = await chart.locator(".recharts-wrapper").boundingBox();
    const firstLabel = await labels.first().boundingBox();
    await page.mouse.move(surface!.x + surface!.width * 0.6, firstLabel!.y + firstLabel!.height / 2);
    const tooltip = chart.locator(".recharts-tooltip-wrapper");
    await expect(tooltip).toContainText(/\(n = \d+\)/);
    await expect(tooltip).toContainText(/%/);
    await expect(tooltip.locator(".recharts-tooltip-item").first()).toHaveCSS("color", "rgb(15, 23, 42)");
    await expect(chart.locator(".recharts-tooltip-cursor")).toHaveCount(0);
    const plot = await chart.locator(".recharts-wrapper").boundingBox();
    const tip = await tooltip.boundingBox();
    expect(plot && tip).toBeTruthy();
    expect(tip!.x).toBeGreaterThanOrEqual(plot!.x - 1);
    expect(tip!.x + tip!.width).toBeLessThanOrEqual(plot!.x + plot!.width + 1);
    await saveScreenshot(page, "fixed-response-any-regimen");
  });

  test("each chart is one image named and described by its frame, and no chart is a tab stop (§16, §17)", async ({ page }) => {
    // Issues 13-14's charts too: the Agreement tab and the regimen comparison (KM arms, forest plot).
    for (const path of ["/dashboard", "/dashboard/characteristics", "/dashboard/outcomes", "/dashboard/evolution", "/dashboard/agreement", "/dashboard/outcomes?view=regimens"]) {
      await page.goto(path);
      await waitForDashboard(page);
      // Some charts stream in after the counts: wait for the first before counting.
      await expect(page.locator("svg[role=img]").first()).toBeVisible({ timeout: 30_000 });
      await page.waitForLoadState("networkidle");
      // Each frame pinned by its own heading id: a position among the frames with a chart moved
      // when a chart drawn in the browser (the regimen comparison's curves) appeared above one
      // drawn on the server (its forest plot) between reading the heading and the chart.
      const headings = await page
        .locator("section[aria-labelledby]")
        .evaluateAll((sections) => sections.filter((section) => section.querySelector("svg[role=img]")).map((section) => section.getAttribute("aria-labelledby") ?? ""));
      expect(headings.length, path).toBeGreaterThan(0);
      for (const heading of headings) {
        const frame = page.locator(`section[aria-labelledby="${heading}"]`);
        const title = (await frame.locator("h2").first().textContent())?.trim() ?? "";
        const chart = frame.locator("svg[role=img]").first();
        await expect(chart, `${path}: ${title}`).toHaveAccessibleName(title);
        await expect(chart).not.toHaveAttribute("tabindex", /.*/);
        expect(await chart.getAttribute("aria-describedby")).toBeTruthy();
      }
      await expect(page.locator("svg[role=application], svg[tabindex]")).toHaveCount(0);
    }
  });

  test("survival curves have a dash pattern per cohort, risk-table labels dark enough to read, and 'p < 0.001' (§6, §16)", async ({ page }) => {
    await page.goto("/dashboard/outcomes?endpoint=os");
    await waitForDashboard(page);
    const km = page.getByTestId("chart-kaplan-meier");
    const curves = km.locator(".recharts-line-curve");
    // evaluateAll does not wait: the chart draws its curves after it has measured its container.
    await expect.poll(() => curves.count()).toBeGreaterThan(1);
    const dashes = await curves.evaluateAll((paths) => paths.map((path) => path.getAttribute("stroke-dasharray") ?? "solid"));
    expect(dashes.length).toBeGreaterThan(1);
    expect(new Set(dashes).size).toBe(dashes.length);
    await expect(page.getByTestId("log-rank")).not.toContainText("= <");
    await expect(page.getByTestId("log-rank")).not.toContainText("= >");
    await saveScreenshot(page, "fixed-km-dash-patterns");
  });

  test("on-screen data tables print years as 2012, not 2,012 (§5)", async ({ page }) => {
    await page.goto("/dashboard");
    await waitForDashboard(page);
    const frame = page.getByTestId("chart-composition-by-year");
    await frame.getByRole("button", { name: "Show data table" }).click();
    const firstYear = frame.getByRole("table").locator("tbody tr").first().locator("td").first();
    await expect(firstYear).toHaveText(/^\d{4}$/);
    // The scroll box of the table takes focus, so it scrolls by keyboard (axe scrollable-region-focusable).
    await expect(frame.getByRole("region", { name: /data$/ })).toHaveAttribute("tabindex", "0");
    await saveScreenshot(page, "fixed-years-in-data-table");
  });
});

test.describe("charts, continued", () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, "investigator");
  });

  test("the regimen comparison's arms differ in dash pattern as well as colour (§16)", async ({ page }) => {
    test.setTimeout(180_000);
    await page.goto("/dashboard/outcomes?view=regimens");
    await waitForDashboard(page);
    const curves = page.getByTestId("chart-comparison-pfs").locator(".recharts-line-curve");
    await expect(curves).toHaveCount(2);
    const dashes = await curves.evaluateAll((paths) => paths.map((path) => path.getAttribute("stroke-dasharray") ?? "solid"));
    expect(new Set(dashes).size).toBe(2);
    await expect(page.getByTestId("chart-forest-plot")).not.toContainText("= <");
    await saveScreenshot(page, "fixed-comparison-arms");
  });

  test("treatment uptake is by the year the line started, says so, and asks for a class under 'Any regimen' (§12)", async ({ page }) => {
    await page.goto("/dashboard/outcomes");
    await waitForDashboard(page);
    const uptake = page.getByTestId("chart-treatment-uptake");
    await expect(uptake.getByRole("heading")).toHaveText(/by the year the line started/);
    await expect(uptake).toContainText("approximate");
    await expect(uptake).toContainText("DESTINY-Breast04");
    await saveScreenshot(page, "fixed-uptake-by-line-year");
    await page.goto("/dashboard/outcomes?regimen=ANY");
    await waitForDashboard(page);
    await expect(uptake).toContainText("100 % by definition");
    await expect(uptake).not.toContainText("DESTINY-Breast04");
  });
});

test.describe("filters", () => {
  test("sites and years a link asks for but the user cannot choose are left out, and the bar says so (§1)", async ({ page }) => {
    await signIn(page, "investigator");
    await page.goto("/dashboard");
    const unfiltered = await readTotal(page);
    await page.goto("/dashboard?site=99&from=2090");
    expect(await readTotal(page)).toBe(unfiltered);
    const notice = page.getByTestId("filter-notice");
    await expect(notice).toContainText("site 99");
    await expect(notice).toContainText("From 2090");
    await expect(page.locator("#filter-year-from")).toHaveValue("");
    await saveScreenshot(page, "fixed-filter-notice");

    // The next change also drops them from the address.
    await page.getByTestId("filter-hr").locator("summary").click();
    await page.getByRole("checkbox", { name: "HR-positive" }).check();
    await expect(page).toHaveURL(/hr=POSITIVE/);
    await expect(page).not.toHaveURL(/site=99|from=2090/);
    await expect(notice).toHaveCount(0);
  });

  test("a coordinator's link to other sites says that only their own site is shown (§1)", async ({ page }) => {
    await signIn(page, "coordinator");
    await page.goto("/dashboard?site=02,03");
    await waitForDashboard(page);
    await expect(page.getByTestId("filter-notice")).toContainText("you see only your own site (01)");
    await saveScreenshot(page, "fixed-coordinator-site-notice");
  });

  test("arrowing through the year select applies once, with one history entry (§14)", async ({ page }) => {
    await signIn(page, "investigator");
    await page.goto("/dashboard");
    await waitForDashboard(page);
    const select = page.locator("#filter-year-from");
    const first = Number(await select.locator("option").nth(1).getAttribute("value"));
    let navigations = 0;
    page.on("framenavigated", () => navigations++);
    await select.focus();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await expect(page).toHaveURL(new RegExp(`from=${first + 2}`));
    await waitForDashboard(page);
    expect(navigations).toBe(1);
    await page.goBack();
    await expect(page).toHaveURL(/\/dashboard$/);
  });
});

test("the case form moves focus to the new row, and after a removal to the next row, never to the page (§4, §18)", async ({ page }) => {
  await signIn(page, "coordinator");
  await page.goto("/cases/new");
  const before = await page.locator("ol > li").count();
  // By keyboard, as the issue found it (a click would also work, but the blur's inline error can move the button).
  await page.getByRole("button", { name: "Add a HER2 test" }).focus();
  await page.keyboard.press("Enter");
  const testsAfterAdd = await page.getByRole("heading", { name: /^HER2 test \d+$/ }).count();
  await expect(page.locator(`#field-tests-${testsAfterAdd - 1}-specimen`)).toBeFocused();
  await page.getByRole("button", { name: "Add a treatment line" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.locator("#field-lines-0-setting")).toBeFocused();
  expect(await page.locator("ol > li").count()).toBe(before + 2);

  // Remove the first test by keyboard: focus lands on the next test's remove button, or on "Add".
  await page.getByRole("button", { name: "Remove test 1" }).focus();
  await page.keyboard.press("Enter");
  const focused = await page.evaluate(() => document.activeElement?.id ?? "");
  expect(focused).toMatch(/^(remove-test-0|add-test)$/);
  await page.getByRole("button", { name: "Remove line 1" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "Add a treatment line" })).toBeFocused();

  // A failed submit: headings still in order (axe heading-order), every serious rule passes.
  await page.getByRole("button", { name: "Create case" }).click();
  await expect(page.getByRole("alert").first()).toBeVisible();
  const headingOrder = await new AxeBuilder({ page }).withRules(["heading-order"]).analyze();
  expect(headingOrder.violations).toEqual([]);
  await saveScreenshot(page, "fixed-case-form-failed-submit");
});

test("a new case's test says 'not scored yet', and the error summary names the test (§9)", async ({ page }) => {
  await signIn(page, "coordinator");
  await page.goto("/cases/new");
  await expect(page.getByTestId("her2-category")).toContainText("Not scored yet");
  await expect(page.getByTestId("her2-category")).not.toContainText("Indeterminate");
  await page.getByRole("button", { name: "Add a HER2 test" }).click();
  // By keyboard: the inline error shown when the new field loses focus moves the button under a pointer.
  await page.getByRole("button", { name: "Create case" }).focus();
  await page.keyboard.press("Enter");
  const summary = page.getByRole("alert").filter({ hasText: "Some values need attention" });
  await expect(summary).toContainText("HER2 test 2: specimen is required");
  await saveScreenshot(page, "fixed-case-form-named-errors");
});

const PHONE_PAGES: { role: DemoRole; path: string; name: string; ready?: (page: Page) => Promise<void> }[] = [
  { role: "investigator", path: "/dashboard", name: "overview", ready: waitForDashboard },
  { role: "investigator", path: "/dashboard/characteristics", name: "characteristics", ready: waitForDashboard },
  { role: "investigator", path: "/dashboard/outcomes", name: "outcomes", ready: waitForDashboard },
  { role: "investigator", path: "/dashboard/evolution", name: "evolution", ready: waitForDashboard },
  { role: "investigator", path: "/dashboard/agreement", name: "agreement", ready: waitForDashboard },
  { role: "investigator", path: "/dashboard/outcomes?view=regimens", name: "regimen-comparison", ready: waitForDashboard },
  { role: "coordinator", path: "/cases", name: "cases" },
  { role: "coordinator", path: "/cases/new", name: "case-new" },
  { role: "coordinator", path: "/import", name: "import" },
  { role: "admin", path: "/admin/users", name: "admin-users" },
  { role: "admin", path: "/admin/sites", name: "admin-sites" },
  { role: "admin", path: "/admin/audit", name: "admin-audit" },
  { role: "investigator", path: "/exports", name: "exports" },
];

test.describe("phones (390 px)", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  for (const entry of PHONE_PAGES) {
    test(`${entry.path} has no sideways scrolling (§3)`, async ({ page }) => {
      await signIn(page, entry.role);
      await page.goto(entry.path);
      if (entry.ready) await entry.ready(page);
      await page.waitForLoadState("networkidle");
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${entry.path} is wider than the screen`).toBeLessThanOrEqual(0);
      // Each chart's title keeps most of its row: the export buttons wrap under it rather than
      // squeezing it to a word a line (a title of 40 px under "Show data table" was seen here).
      const squeezed = await page.evaluate(() =>
        [...document.querySelectorAll('[role="group"][aria-label$=": data and export"]')].flatMap((group) => {
          const row = group.parentElement;
          const title = row?.querySelector("h2");
          if (!row || !title) return [];
          return title.getBoundingClientRect().width < 0.6 * row.getBoundingClientRect().width ? [title.textContent ?? ""] : [];
        }),
      );
      expect(squeezed, `chart titles squeezed beside their buttons on ${entry.path}`).toEqual([]);
      await saveScreenshot(page, `phone-${entry.name}`);
    });
  }
});

// Last in the suite's last file: it adds patients that later tests would count.
test("Unclassified patients are left out of the survival chart by default and shown with the switch, always in its data table (§11)", async ({ browser, page }) => {
  const context = await browser.newContext({ baseURL: E2E_BASE_URL });
  const coordinator = await context.newPage();
  await signIn(coordinator, "coordinator");
  // Three patients with no HER2 test: no evaluable test, so Unclassified under every rule.
  const patients = ["study_id,diagnosis_year,age_at_diagnosis,disease_setting,vital_status,days_to_last_contact", "HER2-01-9601,2021,55,EARLY,ALIVE,400", "HER2-01-9602,2020,61,EARLY,ALIVE,800", "HER2-01-9603,2019,48,EARLY,ALIVE,1200"].join("\n");
  const imported = await coordinator.request.post("/api/import", {
    headers: { Origin: E2E_BASE_URL },
    multipart: { mode: "create", dryRun: "false", patients: { name: "patients.csv", mimeType: "text/csv", buffer: Buffer.from(`${patients}\n`) } },
  });
  expect(imported.status(), await imported.text()).toBe(200);
  await context.close();

  await signIn(page, "investigator");
  await page.goto("/dashboard/outcomes");
  await waitForDashboard(page);
  const chart = page.getByTestId("chart-kaplan-meier");
  const toggle = chart.getByTestId("show-unclassified");
  await expect(toggle).not.toBeChecked();
  const lines = chart.locator(".recharts-line");
  // The curves render after the page settles: wait for them before counting.
  await expect(lines.first()).toBeVisible({ timeout: 30_000 });
  const without = await lines.count();
  expect(without).toBeGreaterThan(0);
  await chart.getByRole("button", { name: /data table/i }).click();
  await expect(chart.getByRole("table")).toContainText("Unclassified");
  await toggle.check();
  await expect(lines).toHaveCount(without + 1);
  await saveScreenshot(page, "outcomes-unclassified-shown");
});
