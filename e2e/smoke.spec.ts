import { expect, test } from "@playwright/test";
import { saveScreenshot } from "./support/screenshots";
import { signIn } from "./support/sign-in";

test("the health check answers anonymous callers with the status alone, administrators with the details", async ({ request, page }) => {
  const anonymous = await request.get("/api/health");
  expect(anonymous.status()).toBe(200);
  expect(await anonymous.json()).toEqual({ status: "ok" });

  await signIn(page, "admin");
  const admin = await page.request.get("/api/health");
  const body = (await admin.json()) as { status: string; database: { reachable: boolean; migrations: { current: boolean } } };
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
