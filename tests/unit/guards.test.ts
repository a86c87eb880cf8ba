// The guards of lib/auth: a typed user, or a typed error that maps to 401/403 in one place
// (lib/errors.ts, lib/http/error-response.ts). Auth.js, the database and Next's navigation are
// stood in for here; tests/integration/session-validity.test.ts checks the same rules against a
// real database.
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "../../lib/auth/roles";
import { isAppError } from "../../lib/errors";

type Claims = { id: string; email: string; name: string; role: string; siteId: number | null; signedInAt: number };
type Row = { id: string; email: string; name: string; role: SessionUser["role"]; siteId: number | null; active: boolean; sessionsValidFrom: Date };

const state = vi.hoisted(() => ({
  session: null as { user: Claims } | null,
  rows: new Map<string, Row>(),
  pathname: "/cases?page=2" as string | null,
}));

vi.mock("../../lib/auth/auth", () => ({ auth: async () => state.session }));
vi.mock("../../lib/db/client", () => ({
  getDb: async () => ({ user: { findUnique: async ({ where }: { where: { id: string } }) => state.rows.get(where.id) ?? null } }),
}));
vi.mock("next/headers", () => ({ headers: async () => new Headers(state.pathname ? { "x-pathname": state.pathname } : {}) }));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw Object.assign(new Error(`redirect ${url}`), { digest: `NEXT_REDIRECT;replace;${url};307;` });
  },
  forbidden: () => {
    throw Object.assign(new Error("forbidden"), { digest: "NEXT_HTTP_ERROR_FALLBACK;403" });
  },
}));

const { getCurrentUser, requireRole, requireUser } = await import("../../lib/auth/guards");
const { requirePageUser } = await import("../../lib/auth/page-guards");
const { errorResponse } = await import("../../lib/http/error-response");

const SIGNED_IN_AT = Date.parse("2026-11-27T09:00:00Z");
const coordinator: Row = {
  id: "ccoordinator0000000000001",
  email: "coordinator@test.example",
  name: "Coordinator",
  role: "COORDINATOR",
  siteId: 3,
  active: true,
  sessionsValidFrom: new Date(SIGNED_IN_AT - 60_000),
};

function signInAs(row: Row, claims: Partial<Claims> = {}) {
  state.rows.set(row.id, row);
  state.session = { user: { id: row.id, email: row.email, name: row.name, role: row.role, siteId: row.siteId, signedInAt: SIGNED_IN_AT, ...claims } };
}

async function codeOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return "none";
  } catch (error) {
    if (isAppError(error)) return error.code;
    return String((error as { digest?: string }).digest ?? error);
  }
}

beforeEach(() => {
  state.session = null;
  state.rows.clear();
  state.pathname = "/cases?page=2";
});

describe("requireUser / getCurrentUser", () => {
  it("return the user as the database has it now", async () => {
    signInAs(coordinator, { role: "ADMIN", siteId: null });
    const expected: SessionUser = { id: coordinator.id, email: coordinator.email, name: coordinator.name, role: "COORDINATOR", siteId: 3 };
    expect(await requireUser()).toEqual(expected);
    expect(await getCurrentUser()).toEqual(expected);
  });

  it("refuse with UNAUTHENTICATED (401) without a session, for a deleted, deactivated or revoked account", async () => {
    expect(await codeOf(requireUser())).toBe("UNAUTHENTICATED");
    signInAs(coordinator);
    state.rows.clear();
    expect(await codeOf(requireUser())).toBe("UNAUTHENTICATED");
    signInAs({ ...coordinator, active: false });
    expect(await codeOf(requireUser())).toBe("UNAUTHENTICATED");
    signInAs({ ...coordinator, sessionsValidFrom: new Date(SIGNED_IN_AT + 1) });
    expect(await codeOf(requireUser())).toBe("UNAUTHENTICATED");
    state.session = { user: { ...(state.session?.user as Claims), id: "" } };
    expect(await getCurrentUser()).toBeNull();
  });
});

describe("requireRole", () => {
  it("returns the user when the role is allowed and refuses with FORBIDDEN (403) otherwise", async () => {
    signInAs(coordinator);
    expect((await requireRole("ADMIN", "COORDINATOR")).id).toBe(coordinator.id);
    expect(await codeOf(requireRole("ADMIN"))).toBe("FORBIDDEN");
    expect(await codeOf(requireRole("INVESTIGATOR"))).toBe("FORBIDDEN");
  });

  it("refuses an anonymous request with UNAUTHENTICATED before looking at roles", async () => {
    expect(await codeOf(requireRole("ADMIN"))).toBe("UNAUTHENTICATED");
  });
});

describe("the refusals as HTTP responses", () => {
  it("are 401 and 403 with a code and a message", async () => {
    const refusal = async (work: Promise<unknown>): Promise<Response> => {
      try {
        await work;
      } catch (error) {
        return errorResponse(error);
      }
      throw new Error("expected a refusal");
    };
    const unauthenticated = await refusal(requireUser());
    expect(unauthenticated.status).toBe(401);
    expect(await unauthenticated.json()).toEqual({ error: { code: "UNAUTHENTICATED", message: "Sign in to continue." } });
    signInAs(coordinator);
    const forbidden = await refusal(requireRole("ADMIN"));
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toEqual({ error: { code: "FORBIDDEN", message: "Your role does not allow this." } });
  });
});

describe("requirePageUser", () => {
  it("sends an anonymous visitor to sign-in, and back to the page afterwards", async () => {
    expect(await codeOf(requirePageUser())).toBe(`NEXT_REDIRECT;replace;/sign-in?callbackUrl=${encodeURIComponent("/cases?page=2")}`.concat(";307;"));
    state.pathname = null;
    expect(await codeOf(requirePageUser())).toBe("NEXT_REDIRECT;replace;/sign-in?callbackUrl=%2Fdashboard;307;");
  });

  it("shows the 403 page to a role that may not see the page", async () => {
    signInAs(coordinator);
    expect(await codeOf(requirePageUser("ADMIN"))).toBe("NEXT_HTTP_ERROR_FALLBACK;403");
    expect((await requirePageUser("COORDINATOR", "ADMIN")).role).toBe("COORDINATOR");
    expect((await requirePageUser()).id).toBe(coordinator.id);
  });

  it("sends a deactivated account to sign-in", async () => {
    signInAs({ ...coordinator, active: false });
    expect(await codeOf(requirePageUser())).toMatch(/^NEXT_REDIRECT;replace;\/sign-in\?callbackUrl=/);
  });
});
