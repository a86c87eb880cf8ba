import { expect, test } from "@playwright/test";
import { saveScreenshot } from "./support/screenshots";
import { signIn } from "./support/sign-in";

test("the health check reports a reachable, migrated database", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { status: string; database: { reachable: boolean; migrations: { current: boolean } } };
  expect(body.status).toBe("ok");
  expect(body.database.reachable).toBe(true);
  expect(body.database.migrations.current).toBe(true);
});

test("the home page asks for a sign-in, then shows the application", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
  await expect(page.getByRole("heading", { name: "HER2 cohort dashboard" })).toBeVisible();
  await saveScreenshot(page, "sign-in");
  await signIn(page, "investigator");
  await expect(page.getByRole("link", { name: "HER2 cohort dashboard" })).toBeVisible();
  await saveScreenshot(page, "home");
});
