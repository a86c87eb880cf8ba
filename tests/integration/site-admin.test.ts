// Managing sites (issue 4 §3): codes that study IDs can embed, counts grouped in SQL, audited changes.
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../lib/db/client";
import { createSite } from "../../lib/sites/create-site";
import { getSite } from "../../lib/sites/get-site";
import { listSites } from "../../lib/sites/list-sites";
import { CreateSiteSchema, UpdateSiteSchema } from "../../lib/sites/schemas";
import { updateSite } from "../../lib/sites/update-site";
import { expectAppError } from "../support/app-error";
import { createFixture, type Fixture } from "../support/fixtures";
import { insertBarePatient } from "../support/patients";

let fixture: Fixture;

beforeAll(async () => {
  fixture = await createFixture("sites");
});

async function auditFor(siteId: number) {
  const db = await getDb();
  return db.auditEvent.findMany({ where: { entity: "SITE", entityId: String(siteId) }, orderBy: { id: "asc" } });
}

describe("the site schemas", () => {
  it("accept 2 to 4 digit codes, as study IDs embed them", () => {
    for (const code of ["01", "123", "0042", " 07 "]) expect(CreateSiteSchema.safeParse({ code, name: "Somewhere" }).success).toBe(true);
    for (const code of ["1", "12345", "A1", "01a", "", "-1"]) {
      expect(CreateSiteSchema.safeParse({ code, name: "Somewhere" }).error?.issues[0]?.path).toEqual(["code"]);
    }
    expect(new RegExp(String.raw`^[A-Z]{2,6}-\d{2,4}-\d{3,5}$`).test(`STUDY-${CreateSiteSchema.parse({ code: "0042", name: "x y" }).code}-00001`)).toBe(true);
  });

  it("need a name and something to change", () => {
    expect(CreateSiteSchema.safeParse({ code: "01", name: " " }).error?.issues[0]?.path).toEqual(["name"]);
    expect(UpdateSiteSchema.safeParse({}).success).toBe(false);
    expect(UpdateSiteSchema.parse({ active: "false" })).toEqual({ active: false });
  });
});

describe("createSite", () => {
  it("adds a site with its audit event", async () => {
    const site = await createSite(fixture.admin, CreateSiteSchema.parse({ code: "21", name: "  Riverside Clinic " }));
    expect(site).toMatchObject({ code: "21", name: "Riverside Clinic", active: true });
    const events = await auditFor(site.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "CREATE", userId: fixture.admin.id, siteId: site.id });
    expect(events[0]?.changes).toEqual({ code: { before: null, after: "21" }, name: { before: null, after: "Riverside Clinic" }, active: { before: null, after: true } });
  });

  it("refuses a code already in use as CONFLICT on the code field, writing nothing", async () => {
    await createSite(fixture.admin, { code: "22", name: "First" });
    const db = await getDb();
    const events = await db.auditEvent.count();
    const error = await expectAppError(createSite(fixture.admin, { code: "22", name: "Second" }), "CONFLICT");
    expect(error.fields).toEqual([{ path: "code", message: "Site code 22 is already used by another site" }]);
    expect(await db.site.count({ where: { code: "22" } })).toBe(1);
    expect(await db.auditEvent.count()).toBe(events);
  });
});

describe("updateSite", () => {
  it("renames and deactivates a site, auditing only what changed, and keeps its code", async () => {
    const site = await createSite(fixture.admin, { code: "23", name: "Old Name" });
    expect(await updateSite(fixture.admin, site.id, UpdateSiteSchema.parse({ name: "New Name", active: "true" }))).toMatchObject({ code: "23", name: "New Name", active: true });
    expect(await updateSite(fixture.admin, site.id, { active: false })).toMatchObject({ active: false });
    await updateSite(fixture.admin, site.id, { name: "New Name", active: false });
    expect((await auditFor(site.id)).slice(1).map((event) => event.changes)).toEqual([
      { name: { before: "Old Name", after: "New Name" } },
      { active: { before: true, after: false } },
    ]);
    expect(await getSite(fixture.admin, site.id)).toEqual({ id: site.id, code: "23", name: "New Name", active: false });
  });

  it("answers NOT_FOUND for a site that does not exist", async () => {
    await expectAppError(updateSite(fixture.admin, 987_654, { name: "Nowhere" }), "NOT_FOUND");
    await expectAppError(getSite(fixture.admin, 987_654), "NOT_FOUND");
  });
});

describe("listSites", () => {
  it("counts live patients and active coordinators per site", async () => {
    const db = await getDb();
    const empty = await createSite(fixture.admin, { code: "24", name: "Empty" });
    for (let index = 0; index < 3; index += 1) await insertBarePatient(fixture.siteA.id, "01");
    await insertBarePatient(fixture.siteA.id, "01", { deleted: true });
    await insertBarePatient(fixture.siteB.id, "02");
    await db.user.create({ data: { email: `off-${Date.now()}@test.example`, name: "Off", role: "COORDINATOR", siteId: fixture.siteA.id, passwordHash: "x", active: false } });

    const sites = await listSites(fixture.admin);
    const byId = new Map(sites.map((site) => [site.id, site]));
    expect(byId.get(fixture.siteA.id)).toMatchObject({ patients: 3, coordinators: 1 });
    expect(byId.get(fixture.siteB.id)).toMatchObject({ patients: 1, coordinators: 1 });
    expect(byId.get(empty.id)).toEqual({ id: empty.id, code: "24", name: "Empty", active: true, patients: 0, coordinators: 0 });
    expect(typeof byId.get(fixture.siteA.id)?.patients).toBe("number");
    expect(sites.map((site) => site.code)).toEqual([...sites.map((site) => site.code)].sort());
  });
});
