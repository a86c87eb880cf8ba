import type { Page } from "@playwright/test";
import { expectNoSeriousAxeViolations } from "./axe";

/**
 * Saves a full-page screenshot for review under test-results/screenshots/, and checks the same
 * state with axe (issue 16 §18): every state the suite photographs has no serious or critical
 * accessibility violation.
 */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
  await expectNoSeriousAxeViolations(page, name);
}
