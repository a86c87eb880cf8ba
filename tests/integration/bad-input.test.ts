// Bad input never yields a 500 and never writes (product.md §8). Every mutation route handler
// and every server action under app/ is called directly, as each role (and anonymously), with
// property-based payloads (fast-check) that are certainly invalid: wrong types, strings of 1 MB,
// unicode where codes belong, NUL bytes, negative/NaN/infinite numbers, unknown enum codes,
// missing and extra fields, calendar dates where days since diagnosis belong, forged site ids,
// ids out of range, another role's actions, malformed JSON, wrong content types and multipart
// garbage. Each must be refused with a 4xx and a reason (and the field, for a 400), and every
// table must be byte-for-byte as before (a checksum of every table's rows).
//
// `npm test` runs BAD_INPUT_RUNS=25 attempts per entry point with a fixed seed; `npm run
// test:bad-input` runs many more with a fresh seed each time (printed, so a failure can be
// replayed with BAD_INPUT_SEED).
import fc from "fast-check";
import { NextRequest } from "next/server";
import * as userActions from "../../app/(app)/admin/users/actions";
import * as siteActions from "../../app/(app)/admin/sites/actions";
import * as caseActions from "../../app/(app)/cases/actions";
import * as redcapActions from "../../app/(app)/import/redcap/actions";
import { POST as postAuth } from "../../app/api/auth/[...nextauth]/route";
import { DELETE as deleteCaseRoute, PATCH as patchCase } from "../../app/api/cases/[id]/route";
import { POST as postCase } from "../../app/api/cases/route";
import { POST as postImport } from "../../app/api/import/route";
import * as signInActions from "../../app/sign-in/actions";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type * as AuthModule from "../../lib/auth/auth";
import type { SessionUser } from "../../lib/auth/roles";
import { caseSchemas } from "../../lib/cases/case-schemas";
import { createCase } from "../../lib/cases/create-case";
import { getCase } from "../../lib/cases/get-case";
import { CSV_FILES, CSV_FILE_NAMES, type CsvFile } from "../../lib/cases/csv-columns";
import { getDb } from "../../lib/db/client";
import type { ActionResult } from "../../lib/http/action-result";
import { createSite } from "../../lib/sites/create-site";
import { createUser } from "../../lib/users/create-user";
import { extraFormFields, formCorruptions, toFormData, type FormCorruption, type FormFields } from "../support/bad-input/admin-forms";
import { badCaseId, caseCreateCorruptions, caseCreatePayload, caseDeleteCorruptions, caseUpdateCorruptions } from "../support/bad-input/case-payloads";
import { corruptedPayload, hugeString, preview, type Payload } from "../support/bad-input/corruptions";
import { cohortTables, fileCorruptions, garbageBytes, tablesToCsv, type CsvTables } from "../support/bad-input/import-uploads";
import { outcomeOfAction, outcomeOfResponse, toClientJson, type Outcome } from "../support/bad-input/outcomes";
import { listMutationEntryPoints } from "../support/app-entry-points";
import { updateFrom } from "../support/case-inputs";
import { checksumTables, type ChecksumOptions } from "../support/database-checksum";
import { redcapMappingCorruptions, redcapMappingPayload } from "../support/bad-input/redcap-mappings";
import { createFixture, type Fixture } from "../support/fixtures";

const state = vi.hoisted(() => {
  // Auth.js needs a secret for the sign-in entry points; set before lib/env is read.
  process.env.AUTH_SECRET ??= "bad-input-suite-secret-not-used-anywhere-else";
  return {
    session: null as { user: SessionUser & { signedInAt: number } } | null,
    requestHeaders: { host: "localhost:3000", "x-forwarded-for": "203.0.113.9" } as Record<string, string>,
  };
});

vi.mock("../../lib/auth/auth", async (importOriginal) => {
  const actual = await importOriginal<typeof AuthModule>();
  return { ...actual, auth: async () => state.session };
});
vi.mock("next/headers", () => ({
  headers: async () => new Headers(state.requestHeaders),
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false, set: () => undefined, delete: () => undefined }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

const RUNS = Number(process.env.BAD_INPUT_RUNS ?? 25);
const SEED = Number(process.env.BAD_INPUT_SEED ?? 20_261_127);
const ORIGIN = "http://localhost:3000";

type Actor = "admin" | "investigator" | "coordinatorA" | "coordinatorB" | "anonymous";
type Attempt = { actor: Actor; describe: string; invoke: () => Promise<Outcome> };
type EntryPoint = {
  /** "file under app/#export". */
  key: string;
  attempts: () => fc.Arbitrary<Attempt>;
  checksum?: ChecksumOptions;
  /** Auth.js answers refusals with a redirect to the sign-in page carrying error=…: its protocol. */
  redirectsWithReason?: boolean;
};

/** Server actions that take no input at all: nothing to corrupt. */
const NO_INPUT: Record<string, string> = {
  "sign-in/actions.ts#signOutAction": "takes no arguments; it ends the caller's own session",
};

let fx: Fixture;
let inactiveSiteId: number;
let digitSite: { id: number; code: string };
let caseA: Awaited<ReturnType<typeof getCase>>;
let caseB: Awaited<ReturnType<typeof getCase>>;
let targetUserId: string;
let tables: CsvTables;
const tally = { attempts: 0, byStatus: new Map<number, number>() };

beforeAll(async () => {
  fx = await createFixture("bad");
  const inactive = await createSite(fx.admin, { code: "3901", name: "Closed Site" });
  const db = await getDb();
  await db.site.update({ where: { id: inactive.id }, data: { active: false } });
  inactiveSiteId = inactive.id;
  digitSite = await createSite(fx.admin, { code: "3902", name: "Bad Input Site" });
  const createdA = await createCase(fx.admin, parseCreate(caseCreatePayload(`BADIN-${fx.siteA.code}-0001`, fx.siteA.id)));
  const createdB = await createCase(fx.admin, parseCreate(caseCreatePayload(`BADIN-${fx.siteB.code}-0001`, fx.siteB.id)));
  caseA = await getCase(fx.admin, createdA.id);
  caseB = await getCase(fx.admin, createdB.id);
  const { user } = await createUser(fx.admin, { email: "bad-input-target@test.example", name: "Target Person", role: "INVESTIGATOR", siteCode: null });
  targetUserId = user.id;
  tables = cohortTables(fx.siteA.code, 6, 11);
});

afterAll(() => {
  const statuses = [...tally.byStatus.entries()].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`);
  console.log(`bad input: ${tally.attempts} attempts (seed ${SEED}, ${RUNS} per entry point): ${statuses.join(", ")}`);
});

/** Through the app's own schema, so the fixture cases are exactly what a client could create. */
function parseCreate(payload: Payload) {
  return caseSchemas.CaseInputSchema.parse(payload);
}

function userOf(actor: Actor): SessionUser | null {
  switch (actor) {
    case "admin":
      return fx.admin;
    case "investigator":
      return fx.investigator;
    case "coordinatorA":
      return fx.coordinatorA;
    case "coordinatorB":
      return fx.coordinatorB;
    case "anonymous":
      return null;
  }
}

function actAs(actor: Actor): void {
  const user = userOf(actor);
  state.session = user ? { user: { ...user, signedInAt: Date.now() } } : null;
}

// ---------------------------------------------------------------------------------------------
// Requests

function jsonRequest(method: string, path: string, body: string | null, contentType: string | null = "application/json"): Request {
  const headers = new Headers({ origin: ORIGIN });
  if (contentType) headers.set("content-type", contentType);
  return new Request(`${ORIGIN}${path}`, { method, headers, ...(body === null ? {} : { body }) });
}

/** Bodies no JSON payload could be: truncated JSON, bare NaN, deep nesting, nothing, over 1 MB. */
const malformedBody = (valid: () => Payload) =>
  fc.oneof(
    fc.nat().map((cut) => {
      const text = JSON.stringify(valid());
      return { describe: "truncated JSON", body: text.slice(0, cut % (text.length - 1)) };
    }),
    fc.constantFrom(
      { describe: "bare NaN", body: "NaN" },
      { describe: "empty body", body: "" },
      { describe: "a JSON string", body: '"patient"' },
      { describe: "JSON null", body: "null" },
      { describe: "an array", body: "[]" },
      { describe: "deeply nested arrays", body: `${"[".repeat(200_000)}${"]".repeat(200_000)}` },
      { describe: "deeply nested objects", body: `${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}` },
      { describe: "a UTF-8 byte-order mark before the JSON", body: `\uFEFF{}` },
    ),
    hugeString.map((text) => ({ describe: "a body over 1 MB", body: JSON.stringify({ ...valid(), padding: text }) })),
    fc.string({ maxLength: 200 }).map((text) => ({ describe: "random text", body: `{${text}` })),
  );

const wrongContentType = fc.constantFrom("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", null);

const writerActors: Actor[] = ["admin", "coordinatorA"];

/** Attempts shared by the three JSON case routes: corrupted payloads, raw bodies, wrong content types, other roles. */
function jsonRouteAttempts(options: {
  method: string;
  path: (id: string) => string;
  validFor: (actor: Actor) => Payload;
  corruptions: fc.Arbitrary<{ describe: string; apply: (payload: Payload) => Payload }>;
  ids: { own: string; otherSite: string } | null;
  extra?: fc.Arbitrary<Attempt>;
}): fc.Arbitrary<Attempt> {
  const call = (actor: Actor, id: string, body: string | null, contentType: string | null = "application/json") => async () => {
    const request = jsonRequest(options.method, options.path(id), body, contentType);
    const handler = options.method === "POST" ? postCase : options.method === "PATCH" ? patchCase : deleteCaseRoute;
    return outcomeOfResponse(await handler(request as never, { params: Promise.resolve({ id }) } as never));
  };
  const ownId = options.ids?.own ?? "";
  const corrupted = fc
    .constantFrom(...writerActors)
    .chain((actor) => corruptedPayload(() => options.validFor(actor), options.corruptions).map((payload) => ({ actor, payload })))
    .map(({ actor, payload }): Attempt => ({ actor, describe: payload.describe, invoke: call(actor, ownId, toClientJson(payload.payload)) }));
  const raw = fc
    .tuple(fc.constantFrom(...writerActors), malformedBody(() => options.validFor("admin")))
    .map(([actor, body]): Attempt => ({ actor, describe: body.describe, invoke: call(actor, ownId, body.body) }));
  const contentType = fc
    .tuple(fc.constantFrom(...writerActors), wrongContentType)
    .map(([actor, type]): Attempt => ({ actor, describe: `a valid payload as ${type ?? "no content type"}`, invoke: call(actor, ownId, JSON.stringify(options.validFor(actor)), type) }));
  const otherRole = fc
    .constantFrom<Actor>("investigator", "anonymous")
    .map((actor): Attempt => ({ actor, describe: `a valid payload from ${actor}`, invoke: call(actor, ownId, JSON.stringify(options.validFor("admin"))) }));
  const arbitraries: fc.Arbitrary<Attempt>[] = [corrupted, corrupted, raw, contentType, otherRole];
  if (options.ids) {
    const ids = options.ids;
    arbitraries.push(
      fc.tuple(fc.constantFrom(...writerActors), badCaseId).map(([actor, id]): Attempt => ({ actor, describe: `case id ${JSON.stringify(id)}`, invoke: call(actor, id, JSON.stringify(options.validFor(actor))) })),
      fc.constant<Attempt>({ actor: "coordinatorA", describe: "another site's case", invoke: call("coordinatorA", ids.otherSite, JSON.stringify(options.validFor("coordinatorB"))) }),
    );
  }
  if (options.extra) arbitraries.push(options.extra);
  return fc.oneof(...arbitraries);
}

/** Attempts shared by the three case actions (values as they are, NaN included). */
function caseActionAttempts(options: {
  run: (id: unknown, payload: unknown) => Promise<ActionResult<unknown>>;
  validFor: (actor: Actor) => Payload;
  corruptions: fc.Arbitrary<{ describe: string; apply: (payload: Payload) => Payload }>;
  ids: { own: number; otherSite: number } | null;
  extra?: fc.Arbitrary<Attempt>;
}): fc.Arbitrary<Attempt> {
  const call = (id: unknown, payload: unknown) => async () => outcomeOfAction(await options.run(id, payload));
  const ownId = options.ids?.own;
  const arbitraries: fc.Arbitrary<Attempt>[] = [
    fc
      .constantFrom(...writerActors)
      .chain((actor) => corruptedPayload(() => options.validFor(actor), options.corruptions).map((payload) => ({ actor, payload })))
      .map(({ actor, payload }): Attempt => ({ actor, describe: payload.describe, invoke: call(ownId, payload.payload) })),
    fc
      .tuple(fc.constantFrom(...writerActors), fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true }))
      .map(([actor, payload]): Attempt => ({ actor, describe: `anything: ${preview(payload)}`, invoke: call(ownId, payload) })),
    fc.constantFrom<Actor>("investigator", "anonymous").map((actor): Attempt => ({ actor, describe: `a valid payload from ${actor}`, invoke: call(ownId, options.validFor("admin")) })),
  ];
  if (options.ids) {
    const ids = options.ids;
    arbitraries.push(
      fc
        .tuple(fc.constantFrom(...writerActors), fc.oneof(badCaseId, fc.constantFrom(Number.NaN, -1, 0, 1.5, 2 ** 31, 1e15, Number.POSITIVE_INFINITY, null, undefined, {}, [])))
        .map(([actor, id]): Attempt => ({ actor, describe: `case id ${preview(id)}`, invoke: call(id, options.validFor(actor)) })),
      fc.constant<Attempt>({ actor: "coordinatorA", describe: "another site's case", invoke: call(ids.otherSite, options.validFor("coordinatorB")) }),
    );
  }
  if (options.extra) arbitraries.push(options.extra);
  return fc.oneof(...arbitraries);
}

// ---------------------------------------------------------------------------------------------
// Valid payloads, each made invalid by the arbitraries

const createPayloadFor = (actor: Actor): Payload => caseCreatePayload(`BADIN-${fx.siteA.code}-0002`, actor === "admin" ? fx.siteA.id : undefined);
const updatePayloadFor = (actor: Actor): Payload => structuredClone(updateFrom(actor === "coordinatorB" ? caseB : caseA, "Bad input check") as unknown as Payload);
const deletePayloadFor = (actor: Actor): Payload => ({ version: (actor === "coordinatorB" ? caseB : caseA).version, reason: "Bad input check" });

/** A coordinator naming another site, or an administrator naming a site that is missing, closed or out of range. */
function forgedSites(): fc.Arbitrary<{ actor: Actor; siteId: number }> {
  return fc.oneof(
    fc.constant({ actor: "coordinatorA" as Actor, siteId: fx.siteB.id }),
    fc.constantFrom(999_999, 2_147_483_647, 2_147_483_648, 1e15, inactiveSiteId).map((siteId) => ({ actor: "admin" as Actor, siteId })),
    fc.constantFrom(999_999, 2_147_483_648, inactiveSiteId).map((siteId) => ({ actor: "coordinatorA" as Actor, siteId })),
  );
}

function withSite(payload: Payload, siteId: number): Payload {
  return { ...payload, patient: { ...(payload.patient as Payload), siteId } };
}

// ---------------------------------------------------------------------------------------------
// Import uploads

function importRequest(body: FormData | string | null, options: { contentType?: string | null; accept?: string } = {}): Request {
  const headers = new Headers({ origin: ORIGIN });
  if (options.accept) headers.set("accept", options.accept);
  if (typeof body === "string" || body === null) {
    if (options.contentType) headers.set("content-type", options.contentType);
    return new Request(`${ORIGIN}/api/import`, { method: "POST", headers, ...(body === null ? {} : { body }) });
  }
  // Let Request write the multipart boundary, then add the caller's headers.
  const request = new Request(`${ORIGIN}/api/import`, { method: "POST", body });
  headers.set("content-type", request.headers.get("content-type") ?? "");
  return new Request(request, { headers });
}

function importForm(files: Partial<Record<CsvFile, string | Uint8Array>>, fields: Record<string, string> = { mode: "create", dryRun: "false" }): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const file of CSV_FILES) {
    const content = files[file];
    if (content !== undefined) form.append(file, new File([content as BlobPart], CSV_FILE_NAMES[file], { type: "text/csv" }));
  }
  return form;
}

const rowsPerFile = () => ({ patients: tables.patients.length - 1, her2_tests: tables.her2_tests.length - 1, treatment_lines: tables.treatment_lines.length - 1 });

function importAttempts(): fc.Arbitrary<Attempt> {
  const call = (request: () => Request) => async () => outcomeOfResponse(await postImport(request() as never, undefined as never));
  const accept = fc.constantFrom(undefined, "application/x-ndjson");
  const valid = tablesToCsv(tables);
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.constantFrom(...writerActors), fc.array(fileCorruptions(rowsPerFile()), { minLength: 1, maxLength: 2 }), accept, fc.constantFrom("create", "update"))
        .map(([actor, corruptions, acceptHeader, mode]): Attempt => {
          const files = tablesToCsv(corruptions.reduce((current, corruption) => corruption.apply(current), tables));
          return {
            actor,
            describe: `${mode}: ${corruptions.map((corruption) => corruption.describe).join("; ")}`,
            invoke: call(() => importRequest(importForm(files, { mode, dryRun: "false" }), { accept: acceptHeader })),
          };
        }),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom(...writerActors), garbageBytes, accept).map(([actor, garbage, acceptHeader]): Attempt => ({
        actor,
        describe: `patients.csv is ${garbage.describe}`,
        invoke: call(() => importRequest(importForm({ patients: garbage.bytes }), { accept: acceptHeader })),
      })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...writerActors),
          fc.oneof(
            fc.record({ mode: fc.oneof(fc.string({ maxLength: 10 }).filter((mode) => mode !== "create" && mode !== "update"), hugeString), dryRun: fc.constant("false") }),
            fc.record({ mode: fc.constant("create"), dryRun: fc.oneof(fc.string({ maxLength: 10 }).filter((dry) => dry !== "true" && dry !== "false"), hugeString) }),
          ),
        )
        .map(([actor, fields]): Attempt => ({
          actor,
          describe: `mode ${preview(fields.mode)}, dryRun ${preview(fields.dryRun)}`,
          invoke: call(() => importRequest(importForm(valid, fields))),
        })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...writerActors).map((actor): Attempt => ({
        actor,
        describe: "no patients file (the tests file only, and patients as a text field)",
        invoke: call(() => {
          const form = importForm({ her2_tests: valid.her2_tests });
          form.append("patients", valid.patients);
          return importRequest(form);
        }),
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...writerActors), fc.constantFrom("application/json", "text/csv", "application/x-www-form-urlencoded", null), fc.string({ maxLength: 100 }))
        .map(([actor, contentType, body]): Attempt => ({ actor, describe: `a ${contentType ?? "typeless"} body`, invoke: call(() => importRequest(body, { contentType })) })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...writerActors), fc.uint8Array({ maxLength: 500 }), fc.string({ minLength: 1, maxLength: 20 }))
        .map(([actor, bytes, boundary]): Attempt => ({
          actor,
          describe: "multipart garbage",
          invoke: call(() => importRequest(Buffer.from(bytes).toString("latin1"), { contentType: `multipart/form-data; boundary=${boundary}` })),
        })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom<[Actor, string]>(["coordinatorA", fx.siteB.code], ["admin", "9999"], ["coordinatorA", "9999"]).map(([actor, siteCode]): Attempt => {
        const forged = structuredClone(tables);
        const column = (forged.patients[0] ?? []).indexOf("site_code");
        for (const cells of forged.patients.slice(1)) cells[column] = siteCode;
        return { actor, describe: `rows of site ${siteCode}`, invoke: call(() => importRequest(importForm(tablesToCsv(forged)))) };
      }),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom<Actor>("investigator", "anonymous").map((actor): Attempt => ({
        actor,
        describe: `a valid import from ${actor}`,
        invoke: call(() => importRequest(importForm(valid))),
      })),
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Admin and sign-in forms

function formAttempts(options: {
  allowed: Actor;
  base: () => FormFields;
  corruptions: fc.Arbitrary<FormCorruption>;
  run: (form: FormData) => Promise<Outcome>;
  extra?: fc.Arbitrary<Attempt>[];
}): fc.Arbitrary<Attempt> {
  const corrupted = fc
    .tuple(extraFormFields, fc.array(options.corruptions, { minLength: 1, maxLength: 3 }))
    .map(([extra, corruptions]): Attempt => {
      const fields = corruptions.reduce((form, corruption) => corruption.apply(form), { ...options.base(), ...extra });
      const extras = Object.keys(extra).length > 0 ? ` (+ ${Object.keys(extra).length} extra)` : "";
      return { actor: options.allowed, describe: corruptions.map((corruption) => corruption.describe).join("; ") + extras, invoke: () => options.run(toFormData(fields)) };
    });
  const otherRoles = fc
    .constantFrom<Actor>("investigator", "coordinatorA", "anonymous")
    .filter((actor) => actor !== options.allowed)
    .map((actor): Attempt => ({ actor, describe: `a valid form from ${actor}`, invoke: () => options.run(toFormData(options.base())) }));
  return fc.oneof(corrupted, corrupted, corrupted, otherRoles, ...(options.extra ?? []));
}

const badUserId = fc.oneof(
  fc.constantFrom("", "x", "../admin", "cnotauser0000000000000000", "c".repeat(41), "'; DROP TABLE users; --", "ünïcode-user-id", "c\u0000abcdefghijkl"),
  fc.string({ maxLength: 50 }),
  hugeString,
).filter((id) => id !== targetUserIdOrEmpty());
const targetUserIdOrEmpty = () => targetUserId ?? "";

const badSiteId = fc.oneof(
  fc.constantFrom<unknown>(Number.NaN, -1, 0, 1.5, 2 ** 31, 1e15, Number.POSITIVE_INFINITY, 999_999, "abc", "", null, undefined, {}, []),
  fc.integer({ max: 0 }),
);

function signInOutcome(result: { message: string | null; fieldErrors: Partial<Record<string, string>> }): Outcome {
  const fields = Object.entries(result.fieldErrors).flatMap(([path, message]) => (message ? [{ path, message }] : []));
  if (fields.length > 0) return { status: 400, code: "VALIDATION", message: fields[0]?.message ?? "", fields };
  if (result.message) return { status: /too many/i.test(result.message) ? 429 : 401, code: "REFUSED", message: result.message, fields: [] };
  return { status: 200, code: "OK", message: "", fields: [] };
}

/** Auth.js's answer: a refusal is a redirect (or a JSON url) to the sign-in page with error=…. */
async function authOutcome(response: Response): Promise<Outcome> {
  const location = response.headers.get("location") ?? "";
  const text = await response.text();
  const url = location || ((): string => {
    try {
      return String((JSON.parse(text) as { url?: unknown }).url ?? "");
    } catch {
      return "";
    }
  })();
  const error = url ? new URL(url, ORIGIN).searchParams.get("error") : null;
  if (response.status >= 300 && response.status < 400) return { status: error ? 400 : response.status, code: error ?? "", message: error ?? "", fields: [{ path: "(credentials)", message: error ?? "" }] };
  return { status: response.status, code: error ?? "", message: error ?? text.slice(0, 200), fields: [{ path: "(request)", message: error ?? text.slice(0, 200) }] };
}

function authAttempts(): fc.Arbitrary<Attempt> {
  const post = (path: string, body: string, contentType: string | null) => async () => {
    const headers = new Headers({ origin: ORIGIN, ...state.requestHeaders });
    if (contentType) headers.set("content-type", contentType);
    return authOutcome(await postAuth(new NextRequest(`${ORIGIN}/api/auth/${path}`, { method: "POST", headers, body })));
  };
  const credentials = fc.record({
    email: fc.oneof(fc.constant(fx.admin.email), fc.emailAddress(), fc.string({ maxLength: 30 }), hugeString),
    password: fc.oneof(fc.string({ maxLength: 30 }), hugeString),
    csrfToken: fc.oneof(fc.string({ maxLength: 64 }), fc.constant("")),
    callbackUrl: fc.oneof(fc.webUrl(), fc.string({ maxLength: 30 })),
  });
  return fc.oneof(
    fc.tuple(credentials, fc.constantFrom("callback/credentials", "signin/credentials", "signout", "session", "callback/unknown", "nope")).map(([fields, path]): Attempt => ({
      actor: "anonymous",
      describe: `${path} with ${preview(fields.email)}`,
      invoke: post(path, new URLSearchParams(fields).toString(), "application/x-www-form-urlencoded"),
    })),
    fc.tuple(fc.string({ maxLength: 300 }), fc.constantFrom("application/json", "text/plain", "multipart/form-data; boundary=z", null)).map(([body, contentType]): Attempt => ({
      actor: "anonymous",
      describe: `callback/credentials with a ${contentType ?? "typeless"} body`,
      invoke: post("callback/credentials", body, contentType),
    })),
  );
}

// ---------------------------------------------------------------------------------------------
// The entry points

const FAILED_SIGN_IN_AUDIT: ChecksumOptions = { ignoreRows: { audit_events: `action = 'SIGN_IN_FAILED'` } };

const ENTRY_POINTS: EntryPoint[] = [
  {
    key: "api/cases/route.ts#POST",
    attempts: () =>
      jsonRouteAttempts({
        method: "POST",
        path: () => "/api/cases",
        validFor: createPayloadFor,
        corruptions: caseCreateCorruptions,
        ids: null,
        extra: forgedSites().map(({ actor, siteId }): Attempt => ({
          actor,
          describe: `patient.siteId ${siteId} from ${actor}`,
          invoke: async () => outcomeOfResponse(await postCase(jsonRequest("POST", "/api/cases", JSON.stringify(withSite(createPayloadFor(actor), siteId))) as never, undefined as never)),
        })),
      }),
  },
  {
    key: "api/cases/[id]/route.ts#PATCH",
    attempts: () => jsonRouteAttempts({ method: "PATCH", path: (id) => `/api/cases/${encodeURIComponent(id)}`, validFor: updatePayloadFor, corruptions: caseUpdateCorruptions, ids: { own: String(caseA.id), otherSite: String(caseB.id) } }),
  },
  {
    key: "api/cases/[id]/route.ts#DELETE",
    attempts: () => jsonRouteAttempts({ method: "DELETE", path: (id) => `/api/cases/${encodeURIComponent(id)}`, validFor: deletePayloadFor, corruptions: caseDeleteCorruptions, ids: { own: String(caseA.id), otherSite: String(caseB.id) } }),
  },
  { key: "api/import/route.ts#POST", attempts: importAttempts },
  { key: "api/auth/[...nextauth]/route.ts#POST", attempts: authAttempts, checksum: FAILED_SIGN_IN_AUDIT, redirectsWithReason: true },
  {
    key: "(app)/cases/actions.ts#createCaseAction",
    attempts: () =>
      caseActionAttempts({
        run: (_id, payload) => caseActions.createCaseAction(payload),
        validFor: createPayloadFor,
        corruptions: caseCreateCorruptions,
        ids: null,
        extra: forgedSites().map(({ actor, siteId }): Attempt => ({
          actor,
          describe: `patient.siteId ${siteId} from ${actor}`,
          invoke: async () => outcomeOfAction(await caseActions.createCaseAction(withSite(createPayloadFor(actor), siteId))),
        })),
      }),
  },
  {
    key: "(app)/cases/actions.ts#updateCaseAction",
    attempts: () => caseActionAttempts({ run: (id, payload) => caseActions.updateCaseAction(id, payload), validFor: updatePayloadFor, corruptions: caseUpdateCorruptions, ids: { own: caseA.id, otherSite: caseB.id } }),
  },
  {
    key: "(app)/import/redcap/actions.ts#saveRedcapMappingAction",
    attempts: () => caseActionAttempts({ run: (_id, payload) => redcapActions.saveRedcapMappingAction(payload), validFor: redcapMappingPayload, corruptions: redcapMappingCorruptions, ids: null }),
  },
  {
    key: "(app)/cases/actions.ts#deleteCaseAction",
    attempts: () => caseActionAttempts({ run: (id, payload) => caseActions.deleteCaseAction(id, payload), validFor: deletePayloadFor, corruptions: caseDeleteCorruptions, ids: { own: caseA.id, otherSite: caseB.id } }),
  },
  {
    key: "(app)/admin/users/actions.ts#createUserAction",
    attempts: () =>
      formAttempts({
        allowed: "admin",
        base: () => ({ email: "new.person@test.example", name: "New Person", role: "INVESTIGATOR", siteCode: "", password: "" }),
        corruptions: fc.oneof(
          formCorruptions([
            { name: "email", kind: "email", required: true },
            { name: "name", kind: "name", required: true },
            { name: "role", kind: "role", required: true },
            { name: "siteCode", kind: "siteCode", required: false },
            { name: "password", kind: "password", required: false },
          ]),
          fc.constantFrom<FormCorruption>(
            { describe: "a coordinator without a site", apply: (form) => ({ ...form, role: "COORDINATOR", siteCode: "" }) },
            { describe: "an investigator with a site", apply: (form) => ({ ...form, role: "INVESTIGATOR", siteCode: digitSite.code }) },
            { describe: "a coordinator of a closed site", apply: (form) => ({ ...form, role: "COORDINATOR", siteCode: "3901" }) },
            { describe: "a coordinator of a missing site", apply: (form) => ({ ...form, role: "COORDINATOR", siteCode: "9998" }) },
            { describe: "an e-mail already in use", apply: (form) => ({ ...form, email: fx.investigator.email.toUpperCase() }) },
          ),
        ),
        run: async (form) => outcomeOfAction(await userActions.createUserAction(null, form)),
      }),
  },
  {
    key: "(app)/admin/users/actions.ts#updateUserAction",
    attempts: () =>
      formAttempts({
        allowed: "admin",
        base: () => ({ name: "Renamed Person" }),
        corruptions: fc.oneof(
          formCorruptions([
            { name: "name", kind: "name", required: false },
            { name: "role", kind: "role", required: false },
            { name: "siteCode", kind: "siteCode", required: false },
            { name: "active", kind: "boolean", required: false },
          ]),
          fc.constantFrom<FormCorruption>(
            { describe: "a coordinator without a site", apply: (form) => ({ ...form, role: "COORDINATOR", siteCode: "" }) },
            { describe: "an investigator given a site", apply: (form) => ({ ...form, role: "INVESTIGATOR", siteCode: digitSite.code }) },
          ),
        ),
        run: async (form) => outcomeOfAction(await userActions.updateUserAction(targetUserId, null, form)),
        extra: [
          fc.constant<Attempt>({ actor: "admin", describe: "an empty form (nothing to change)", invoke: async () => outcomeOfAction(await userActions.updateUserAction(targetUserId, null, new FormData())) }),
          badUserId.map((id): Attempt => ({ actor: "admin", describe: `user id ${preview(id)}`, invoke: async () => outcomeOfAction(await userActions.updateUserAction(id, null, toFormData({ name: "Renamed Person" }))) })),
        ],
      }),
  },
  {
    key: "(app)/admin/users/actions.ts#resetPasswordAction",
    attempts: () =>
      fc.oneof(
        badUserId.map((id): Attempt => ({ actor: "admin", describe: `user id ${preview(id)}`, invoke: async () => outcomeOfAction(await userActions.resetPasswordAction(id, null, new FormData())) })),
        fc.constantFrom<Actor>("investigator", "coordinatorA", "anonymous").map((actor): Attempt => ({
          actor,
          describe: `a reset from ${actor}`,
          invoke: async () => outcomeOfAction(await userActions.resetPasswordAction(targetUserId, null, new FormData())),
        })),
      ),
  },
  {
    key: "(app)/admin/sites/actions.ts#createSiteAction",
    attempts: () =>
      formAttempts({
        allowed: "admin",
        base: () => ({ code: "4321", name: "New Site" }),
        corruptions: fc.oneof(
          formCorruptions([
            { name: "code", kind: "siteCode", required: true },
            { name: "name", kind: "siteName", required: true },
          ]),
          fc.constant<FormCorruption>({ describe: "a code already in use", apply: (form) => ({ ...form, code: digitSite.code }) }),
        ),
        run: async (form) => outcomeOfAction(await siteActions.createSiteAction(null, form)),
      }),
  },
  {
    key: "(app)/admin/sites/actions.ts#updateSiteAction",
    attempts: () =>
      formAttempts({
        allowed: "admin",
        base: () => ({ name: "Renamed Site" }),
        corruptions: fc.oneof(
          formCorruptions([
            { name: "name", kind: "siteName", required: false },
            { name: "active", kind: "boolean", required: false },
          ]),
        ),
        run: async (form) => outcomeOfAction(await siteActions.updateSiteAction(digitSite.id, null, form)),
        extra: [
          fc.constant<Attempt>({ actor: "admin", describe: "an empty form (nothing to change)", invoke: async () => outcomeOfAction(await siteActions.updateSiteAction(digitSite.id, null, new FormData())) }),
          badSiteId.map((id): Attempt => ({ actor: "admin", describe: `site id ${preview(id)}`, invoke: async () => outcomeOfAction(await siteActions.updateSiteAction(id as number, null, toFormData({ name: "Renamed Site" }))) })),
        ],
      }),
  },
  {
    key: "sign-in/actions.ts#signInAction",
    checksum: FAILED_SIGN_IN_AUDIT,
    attempts: () =>
      formAttempts({
        allowed: "anonymous",
        base: () => ({ email: fx.admin.email, password: "not-the-password-42", callbackUrl: "/dashboard" }),
        corruptions: fc.oneof(
          formCorruptions([
            { name: "email", kind: "email", required: true },
            { name: "password", kind: "password", required: true },
          ]),
          fc.oneof(fc.webUrl(), fc.string({ maxLength: 40 }), hugeString).map((callbackUrl): FormCorruption => ({ describe: `callbackUrl ${preview(callbackUrl)}`, apply: (form) => ({ ...form, callbackUrl }) })),
          fc.emailAddress().map((email): FormCorruption => ({ describe: `unknown account ${email}`, apply: (form) => ({ ...form, email }) })),
        ),
        run: async (form) => signInOutcome(await signInActions.signInAction({ message: null, fieldErrors: {}, email: "" }, form)),
      }),
  },
];

// ---------------------------------------------------------------------------------------------

describe("the bad-input suite covers every mutation entry point", () => {
  it("has a generator for every mutation route handler and server action under app/", () => {
    const covered = new Set([...ENTRY_POINTS.map((entry) => entry.key), ...Object.keys(NO_INPUT)]);
    const found = listMutationEntryPoints();
    expect(found.length).toBeGreaterThan(10);
    expect(found.filter((key) => !covered.has(key)), "entry points without bad-input coverage").toEqual([]);
    expect([...covered].filter((key) => !found.includes(key)), "covered entry points that no longer exist").toEqual([]);
  });
});

describe.each(ENTRY_POINTS.map((entry) => [entry.key, entry] as const))("%s refuses bad input with a 4xx and writes nothing", (_key, entry) => {
  it(`${RUNS} generated attempts`, { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(entry.attempts().map((attempt) => Object.assign(attempt, { [fc.toStringMethod]: () => `${attempt.actor}: ${attempt.describe}` })), async (attempt) => {
        const before = await checksumTables(entry.checksum);
        actAs(attempt.actor);
        const outcome = await attempt.invoke();
        tally.attempts += 1;
        tally.byStatus.set(outcome.status, (tally.byStatus.get(outcome.status) ?? 0) + 1);
        const label = `${attempt.actor}: ${attempt.describe} → ${outcome.status} ${outcome.code} ${outcome.message}`;
        expect(outcome.status, label).toBeGreaterThanOrEqual(400);
        expect(outcome.status, label).toBeLessThan(500);
        expect(outcome.message.trim(), `${label}: a refusal says why`).not.toBe("");
        if (outcome.status === 400 && !entry.redirectsWithReason) {
          expect(outcome.fields.length, `${label}: a 400 names the field`).toBeGreaterThan(0);
          for (const field of outcome.fields) expect(field.path && field.message, label).toBeTruthy();
        }
        expect(await checksumTables(entry.checksum), `${label}: the database changed`).toEqual(before);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  });
});
