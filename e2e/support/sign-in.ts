import { expect, type Page } from "@playwright/test";
import { E2E_PASSWORD, E2E_USERS } from "./constants";

export type DemoRole = keyof typeof E2E_USERS;

export async function signIn(page: Page, role: DemoRole, password = E2E_PASSWORD): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(E2E_USERS[role]);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toBeVisible();
}
