// Which Chromium the end-to-end tests drive: PLAYWRIGHT_CHROMIUM_PATH when set ("" means
// Playwright's own download), else Debian's /usr/bin/chromium when present, else Playwright's
// own. Shared by playwright.config.ts and `npm test`, which checks it first (issue 16 §20).
import { existsSync } from "node:fs";

export const DEBIAN_CHROMIUM = "/usr/bin/chromium";

/** The executable to launch, or undefined for Playwright's own browser. */
export function chromiumExecutablePath(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const configured = env.PLAYWRIGHT_CHROMIUM_PATH ?? (existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined);
  return configured || undefined;
}

/**
 * Null when a browser is there; otherwise what to do, in plain words (instead of Playwright's
 * stack trace). `bundledPath` is where Playwright's own Chromium would be.
 */
export function describeMissingChromium(executablePath: string | undefined, bundledPath: string, exists: (path: string) => boolean = existsSync): string | null {
  if (executablePath !== undefined) {
    return exists(executablePath)
      ? null
      : `No Chromium at PLAYWRIGHT_CHROMIUM_PATH=${executablePath}. Point it at a Chromium or Chrome executable, or unset it.`;
  }
  if (bundledPath !== "" && exists(bundledPath)) return null;
  return [
    "The end-to-end tests need Chromium, and none was found.",
    "  Debian/Ubuntu: sudo apt-get install chromium   (then /usr/bin/chromium is used)",
    "  elsewhere: set PLAYWRIGHT_CHROMIUM_PATH to a Chromium or Chrome executable,",
    "             or run npx playwright install chromium",
  ].join("\n");
}
