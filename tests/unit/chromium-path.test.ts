import { describe, expect, it } from "vitest";
import { chromiumExecutablePath, describeMissingChromium } from "../../e2e/support/chromium";

describe("finding Chromium for the end-to-end tests (issue 16 §20)", () => {
  it("uses PLAYWRIGHT_CHROMIUM_PATH, with '' meaning Playwright's own browser", () => {
    expect(chromiumExecutablePath({ PLAYWRIGHT_CHROMIUM_PATH: "/opt/chrome" })).toBe("/opt/chrome");
    expect(chromiumExecutablePath({ PLAYWRIGHT_CHROMIUM_PATH: "" })).toBeUndefined();
  });

  it("says nothing when the browser is there", () => {
    expect(describeMissingChromium("/usr/bin/chromium", "", () => true)).toBeNull();
    expect(describeMissingChromium(undefined, "/cache/chrome", (path) => path === "/cache/chrome")).toBeNull();
  });

  it("explains how to install it when it is missing", () => {
    const message = describeMissingChromium(undefined, "/cache/chrome", () => false);
    expect(message).toContain("apt-get install chromium");
    expect(message).toContain("PLAYWRIGHT_CHROMIUM_PATH");
    expect(message).toContain("npx playwright install chromium");
    expect(describeMissingChromium("/nope", "", () => false)).toContain("PLAYWRIGHT_CHROMIUM_PATH=/nope");
  });
});
