// Signing in and out as each demo role, what each role is shown and refused, sign-in
// throttling, and the life of an account an administrator manages (issue 4).
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { E2E_BASE_URL, E2E_PASSWORD, E2E_USERS } from "./support/constants";
import { saveScreenshot } from "./support/screenshots";
import { signIn } from "./support/sign-in";

const GENERIC_REFUSAL = "The e-mail address or password is not correct.";

let clientCounter = 0;
/**
 * A client address of its own (the app throttles sign-in failures per client address, taken
 * from X-Forwarded-For as a reverse proxy would set it), so that deliberate failures here do
 * not count against the other specs, which all come from the same local address.
 */
function uniqueClientAddress(): string {
  clientCounter += 1;
  return `198.51.100.${(Date.now() % 200) + clientCounter}`;
}

async function newClientContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ baseURL: E2E_BASE_URL, extraHTTPHeaders: { "X-Forwarded-For": uniqueClientAddress() } });
}

async function signInWith(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

const mainNav = (page: Page) => page.getByRole("navigation", { name: "Main" });
/** The sign-in form's message (Next's route announcer is an empty alert of its own). */
const signInAlert = (page: Page) => page.locator("main form").getByRole("alert");

test.describe("what each role sees", () => {
  test("an administrator sees Admin and Import, and the admin pages", async ({ page }) => {
    await signIn(page, "admin");
    await expect(mainNav(page).getByRole("link", { name: "Admin" })).toBeVisible();
    await expect(mainNav(page).getByRole("link", { name: "Import" })).toBeVisible();
    await expect(page.getByTestId("current-user")).toContainText("Administrator");
    await mainNav(page).getByRole("link", { name: "Admin" }).click();
    await expect(page.getByRole("heading", { name: "Admin", level: 1 })).toBeVisible();
    for (const section of ["Users", "Sites", "Audit trail"]) {
      await expect(page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: section })).toBeVisible();
    }
  });

  test("a coordinator sees Import but not Admin, and is refused the admin pages with 403", async ({ page }) => {
    await signIn(page, "coordinator");
    await expect(mainNav(page).getByRole("link", { name: "Import" })).toBeVisible();
    await expect(mainNav(page).getByRole("link", { name: "Cases" })).toBeVisible();
    await expect(mainNav(page).getByRole("link", { name: "Admin" })).toHaveCount(0);
    for (const path of ["/admin", "/admin/users", "/admin/sites/1", "/admin/audit"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
      await expect(page.getByRole("heading", { name: "Not available to your role" })).toBeVisible();
    }
  });

  test("an investigator sees neither Import nor Admin, and /admin answers with the 403 page", async ({ page }) => {
    await signIn(page, "investigator");
    await expect(mainNav(page).getByRole("link", { name: "Dashboard" })).toBeVisible();
    await expect(mainNav(page).getByRole("link", { name: "Exports" })).toBeVisible();
    await expect(mainNav(page).getByRole("link", { name: "Import" })).toHaveCount(0);
    await expect(mainNav(page).getByRole("link", { name: "Admin" })).toHaveCount(0);
    const response = await page.goto("/admin");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "Not available to your role" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Users" })).toHaveCount(0);
    // The case-level refusals (no "New case" button, 403 on a direct POST, read-only case form)
    // are in e2e/cases.spec.ts, beside the case pages they exercise.
  });
});

test.describe("signing in and out", () => {
  test("sign-in returns to the page asked for; sign-out ends the session", async ({ page }) => {
    await page.goto("/admin/sites");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fadmin%2Fsites$/);
    await page.getByLabel("E-mail").fill(E2E_USERS.admin);
    await page.getByLabel("Password").fill(E2E_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/admin\/sites$/);
    await expect(page.getByRole("heading", { name: "Sites", level: 1 })).toBeVisible();

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in\?signedOut=1$/);
    await expect(page.getByRole("status")).toHaveText("You have signed out.");
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fdashboard$/);
    await expect(page.getByTestId("current-user")).toHaveCount(0);
  });

  test("a sign-in cannot send the user to another site afterwards", async ({ page }) => {
    await page.goto(`/sign-in?callbackUrl=${encodeURIComponent("https://evil.example/phish")}`);
    await page.getByLabel("E-mail").fill(E2E_USERS.investigator);
    await page.getByLabel("Password").fill(E2E_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${E2E_BASE_URL}/dashboard`);
  });

  test("a wrong password and an unknown account get the same message, and the e-mail is kept", async ({ browser }) => {
    const context = await newClientContext(browser);
    const page = await context.newPage();
    await signInWith(page, E2E_USERS.coordinator, "not-the-right-password");
    await expect(signInAlert(page)).toHaveText(GENERIC_REFUSAL);
    await expect(page.getByLabel("E-mail")).toHaveValue(E2E_USERS.coordinator);
    await expect(page.getByLabel("Password")).toHaveValue("");
    await saveScreenshot(page, "sign-in-refused");

    await signInWith(page, `nobody-${Date.now()}@demo.example`, "not-the-right-password");
    await expect(signInAlert(page)).toHaveText(GENERIC_REFUSAL);
    await expect(page).toHaveURL(/\/sign-in/);

    await page.goto("/sign-in");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Enter the e-mail address of your account")).toBeVisible();
    await expect(page.getByText("Enter your password")).toBeVisible();
    await expect(page.getByLabel("E-mail")).toHaveAttribute("aria-invalid", "true");
    await context.close();
  });

  test("repeated bad passwords get 429 with Retry-After from the sign-in endpoint, and a retry time on the page", async ({ playwright, browser }) => {
    const client = uniqueClientAddress();
    const email = `throttled-${Date.now()}@demo.example`;
    const api = await playwright.request.newContext({ baseURL: E2E_BASE_URL, extraHTTPHeaders: { "X-Forwarded-For": client, Origin: E2E_BASE_URL } });
    const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const attempt = () =>
      api.post("/api/auth/callback/credentials", {
        form: { email, password: "a-wrong-password-123", csrfToken, callbackUrl: "/dashboard" },
        maxRedirects: 0,
      });

    for (let index = 1; index <= 5; index += 1) {
      const response = await attempt();
      expect(response.status(), `attempt ${index}`).toBe(302);
      expect(response.headers().location).toContain("error=CredentialsSignin");
    }
    const sixth = await attempt();
    expect(sixth.status()).toBe(429);
    const retryAfter = Number(sixth.headers()["retry-after"]);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(900);
    const body = (await sixth.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("RATE_LIMITED");
    expect(body.error.message).toMatch(/^Too many failed sign-ins\. Try again in (a minute|\d+ minutes)\.$/);
    await api.dispose();

    // The sign-in page says when to try again, from any client, for this account.
    const context = await newClientContext(browser);
    const page = await context.newPage();
    await signInWith(page, email, "a-wrong-password-123");
    await expect(signInAlert(page)).toHaveText(/^Too many failed sign-ins\. Try again in (a minute|\d+ minutes)\.$/);
    await context.close();
  });
});

test.describe("an administrator manages accounts and sites", () => {
  test("creates a coordinator at a new site, resets the password and deactivates the account; the user's sessions end at their next request", async ({ page, browser }) => {
    const siteCode = String(1000 + (Date.now() % 8999));
    const email = `new.coordinator.${Date.now()}@demo.example`;
    await signIn(page, "admin");

    // A new site, after refusing a malformed and a taken code.
    await page.goto("/admin/sites/new");
    await page.getByRole("button", { name: "Add site" }).click();
    await expect(page.getByText("Enter the site code")).toBeVisible();
    await expect(page.getByLabel("Site code")).toBeFocused();
    await page.getByLabel("Site code").fill("5");
    await page.getByLabel("Name", { exact: true }).fill("Lakeside Hospital");
    await page.getByRole("button", { name: "Add site" }).click();
    await expect(page.getByText(/Site codes are 2 to 4 digits/)).toBeVisible();
    await page.getByLabel("Site code").fill("01");
    await page.getByRole("button", { name: "Add site" }).click();
    await expect(page.getByText("Site code 01 is already used by another site")).toBeVisible();
    await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Lakeside Hospital");
    await page.getByLabel("Site code").fill(siteCode);
    await page.getByRole("button", { name: "Add site" }).click();
    await expect(page).toHaveURL(new RegExp(`/admin/sites\\?created=${siteCode}$`));
    await expect(page.getByRole("status")).toHaveText(`Site ${siteCode} · Lakeside Hospital added.`);
    const siteRow = page.getByRole("row").filter({ hasText: "Lakeside Hospital" });
    await expect(siteRow).toContainText(siteCode);
    await expect(page.getByRole("row").filter({ hasText: "Northfield University Hospital" })).toContainText("01");
    await saveScreenshot(page, "admin-sites");

    // A new coordinator at that site, after the form's own refusals.
    await page.goto("/admin/users");
    await page.getByRole("link", { name: "New user" }).click();
    await expect(page).toHaveURL(/\/admin\/users\/new$/);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("Enter an e-mail address", { exact: true })).toBeVisible();
    await expect(page.getByText("Enter the person's name")).toBeVisible();
    await expect(page.getByText("Choose the coordinator's site")).toBeVisible();
    await expect(page.getByLabel("E-mail")).toBeFocused();
    await page.getByLabel("E-mail").fill(E2E_USERS.investigator);
    await page.getByLabel("Name", { exact: true }).fill("Casey Coordinator");
    await page.getByLabel("Site", { exact: true }).selectOption(siteCode);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("An account with this e-mail address already exists")).toBeVisible();
    await page.getByLabel("E-mail").fill(email);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Account created" })).toHaveText(`Account created for ${email}.`);
    const firstPassword = (await page.getByLabel("One-time password").textContent())?.trim() ?? "";
    expect(firstPassword).toMatch(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);
    await saveScreenshot(page, "admin-user-created");

    // The coordinator signs in elsewhere, from a client of their own.
    const userContext = await newClientContext(browser);
    const userPage = await userContext.newPage();
    await signInWith(userPage, email, firstPassword);
    await expect(userPage.getByTestId("current-user")).toContainText("Casey Coordinator");
    await expect(mainNav(userPage).getByRole("link", { name: "Import" })).toBeVisible();

    // The administrator sees the account in the list and resets its password.
    await page.goto("/admin/users");
    const userRow = page.getByRole("row").filter({ hasText: email });
    await expect(userRow).toContainText("Study coordinator");
    await expect(userRow).toContainText(`${siteCode} · Lakeside Hospital`);
    await expect(userRow).toContainText("Active");
    await saveScreenshot(page, "admin-users");
    await userRow.getByRole("link", { name: "Casey Coordinator" }).click();
    await expect(page.getByRole("heading", { name: "Casey Coordinator", level: 1 })).toBeVisible();
    await page.getByRole("button", { name: "Reset password…" }).click();
    await page.getByRole("button", { name: "Reset password", exact: true }).click();
    await expect(page.getByText("Password reset.")).toBeVisible();
    const secondPassword = (await page.getByLabel("One-time password").textContent())?.trim() ?? "";
    expect(secondPassword).toMatch(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);
    expect(secondPassword).not.toBe(firstPassword);
    await saveScreenshot(page, "admin-user-password-reset");

    // The reset ends the coordinator's session at their next request; only the new password works.
    await userPage.goto("/dashboard");
    await expect(userPage).toHaveURL(/\/sign-in\?callbackUrl=%2Fdashboard$/);
    await signInWith(userPage, email, firstPassword);
    await expect(signInAlert(userPage)).toHaveText(GENERIC_REFUSAL);
    await signInWith(userPage, email, secondPassword);
    await expect(userPage.getByTestId("current-user")).toContainText("Casey Coordinator");

    // Deactivation ends the new session too, at its next request, and refuses new sign-ins.
    await page.getByRole("button", { name: "Deactivate account…" }).click();
    await page.getByRole("button", { name: "Deactivate account", exact: true }).click();
    await expect(page.getByText("Account deactivated.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Reactivate account…" })).toBeVisible();
    await userPage.goto("/cases");
    await expect(userPage).toHaveURL(/\/sign-in\?callbackUrl=%2Fcases$/);
    await signInWith(userPage, email, secondPassword);
    await expect(signInAlert(userPage)).toHaveText(GENERIC_REFUSAL);
    await userContext.close();

    // All of it is in the audit trail, newest first.
    await page.getByRole("link", { name: "This account's history in the audit trail" }).click();
    await expect(page).toHaveURL(/\/admin\/audit\?entity=USER&entityId=/);
    const rows = page.getByRole("table").getByRole("row");
    await expect(rows).toHaveCount(4); // header + deactivation + reset + creation
    await expect(rows.nth(1)).toContainText(/Active:\s*yes → no/);
    await expect(rows.nth(2)).toContainText("Password reset");
    await expect(rows.nth(3)).toContainText("Created");
    await expect(page.getByRole("table")).not.toContainText(firstPassword);
    await expect(page.getByRole("table")).not.toContainText(secondPassword);

    await page.goto(`/admin/audit?user=${encodeURIComponent(email)}`);
    await expect(page.getByRole("table")).toContainText("Signed in");
    await expect(page.getByRole("table")).toContainText("Sign-in refused");
    await page.goto("/admin/audit");
    await expect(page.getByRole("navigation", { name: "Audit trail pages" })).toContainText(/Page 1 of \d+/);
    await saveScreenshot(page, "admin-audit");
  });

  test("a site can be added, renamed and deactivated with the keyboard alone", async ({ page }) => {
    const siteCode = String(1000 + ((Date.now() + 4321) % 8999));
    await signIn(page, "admin");
    await page.goto("/admin/sites/new");
    await page.getByLabel("Site code").focus();
    await page.keyboard.type(siteCode);
    await page.keyboard.press("Tab");
    await expect(page.getByLabel("Name", { exact: true })).toBeFocused();
    await page.keyboard.type("Keyboard Clinic");
    await page.keyboard.press("Enter");
    await expect(page.getByRole("status")).toHaveText(`Site ${siteCode} · Keyboard Clinic added.`);

    await page.getByRole("link", { name: "Keyboard Clinic" }).focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { name: `Site ${siteCode} · Keyboard Clinic` })).toBeVisible();
    await page.getByLabel("Name", { exact: true }).focus();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("Keyboard Clinic North");
    await page.keyboard.press("Enter");
    await expect(page.getByText("Changes saved.")).toBeVisible();
    await expect(page.getByRole("heading", { name: `Site ${siteCode} · Keyboard Clinic North` })).toBeVisible();

    await page.getByRole("button", { name: "Deactivate site…" }).focus();
    await page.keyboard.press("Enter");
    // The confirmation takes the focus, so a second Enter confirms.
    await expect(page.getByRole("button", { name: "Deactivate site", exact: true })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByText("Site deactivated.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Reactivate site…" })).toBeVisible();
  });

  test("an administrator cannot deactivate, demote or reset themselves", async ({ page }) => {
    await signIn(page, "admin");
    await page.goto(`/admin/users?q=${encodeURIComponent(E2E_USERS.admin)}`);
    await page.getByRole("row").filter({ hasText: E2E_USERS.admin }).getByRole("link").click();
    await expect(page.getByText("You cannot deactivate your own account: ask another administrator.")).toBeVisible();
    await expect(page.getByText("You cannot reset your own password here: ask another administrator.")).toBeVisible();
    await expect(page.getByLabel("Role")).toBeDisabled();
    await expect(page.getByRole("button", { name: "Deactivate account…" })).toHaveCount(0);
  });

  test("the audit trail explains filters it cannot use", async ({ page }) => {
    await signIn(page, "admin");
    await page.goto("/admin/audit?from=2026-03-05&to=2026-03-01");
    await expect(page.getByText("The end date is before the start date")).toBeVisible();
    await expect(page.getByLabel("To (UTC)")).toHaveAttribute("aria-invalid", "true");
    await page.goto("/admin/audit?action=SIGN_IN");
    await expect(page.getByRole("table")).toContainText("Signed in");
    await expect(page.getByRole("table")).not.toContainText("Sign-in refused");
  });
});
