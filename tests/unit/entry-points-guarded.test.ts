// A static check, beside the end-to-end enumeration in e2e/route-guard.spec.ts: every way into
// the server under app/ asks who is calling. The proxy refuses anonymous requests, but a
// signed-in user of the wrong role is only refused by these calls (and the data layer).
//  - route handlers (route.ts) call requireUser() or requireRole();
//  - each exported server action ("use server") calls requireUser() or requireRole();
//  - pages outside the (app) group, whose layout guards them, call requirePageUser().
import { describe, expect, it } from "vitest";
import { exportedFunctions, isServerActionModule, readAppFiles } from "../support/app-entry-points";

// The public entry points of product.md §1: sign-in, the auth endpoints, the health check.
const PUBLIC = new Set(["sign-in/page.tsx", "sign-in/actions.ts", "api/auth/[...nextauth]/route.ts", "api/health/route.ts"]);

const files = readAppFiles();

const GUARD_CALL = /\b(requireUser|requireRole|requirePageUser)\s*\(/;

describe("every entry point under app/ checks the caller", () => {
  it("finds the entry points to check", () => {
    expect(files.some((file) => file.relative === "(app)/layout.tsx")).toBe(true);
    expect(files.some((file) => file.relative === "sign-in/actions.ts")).toBe(true);
  });

  it("the (app) layout guards every page inside it", () => {
    const layout = files.find((file) => file.relative === "(app)/layout.tsx");
    expect(layout?.source).toMatch(/await requirePageUser\(\)/);
  });

  const routeHandlers = files.filter((file) => /(^|\/)route\.tsx?$/.test(file.relative) && !PUBLIC.has(file.relative));
  it.each(routeHandlers.map((file) => [file.relative, file] as const))("route handler %s calls requireUser or requireRole", (_name, file) => {
    const handlers = exportedFunctions(file.source).filter((fn) => /^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)$/.test(fn.name));
    expect(handlers.length, "export handlers by name (GET, POST, …) so they can be checked").toBeGreaterThan(0);
    for (const handler of handlers) expect(handler.body, `${handler.name} in ${file.relative}`).toMatch(/\b(requireUser|requireRole)\s*\(/);
  });

  const actionModules = files.filter((file) => isServerActionModule(file.source) && !PUBLIC.has(file.relative));
  it.each(actionModules.map((file) => [file.relative, file] as const))("each server action in %s calls requireUser or requireRole", (_name, file) => {
    const actions = exportedFunctions(file.source);
    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions) expect(action.body, `${action.name} in ${file.relative}`).toMatch(/\b(requireUser|requireRole)\s*\(/);
  });

  const outsidePages = files.filter((file) => /(^|\/)page\.tsx$/.test(file.relative) && !file.relative.startsWith("(app)/") && !PUBLIC.has(file.relative));
  it("pages outside the (app) group call requirePageUser", () => {
    for (const page of outsidePages) expect(page.source, page.relative).toMatch(GUARD_CALL);
  });
});
