// Integration-test fixtures: sites and one user per role, created through Prisma on the test
// file's own database (see tests/setup/file-database.ts).
import { getDb } from "../../lib/db/client";
import { hashPassword } from "../../lib/auth/password";
import type { SessionUser } from "../../lib/auth/roles";
import { setStudySite } from "./case-inputs";

export const FIXTURE_PASSWORD = "fixture-Password-42";

export type Fixture = {
  siteA: { id: number; code: string };
  siteB: { id: number; code: string };
  admin: SessionUser;
  investigator: SessionUser;
  coordinatorA: SessionUser;
  coordinatorB: SessionUser;
};

let passwordHash: Promise<string> | undefined;

// Site codes are 2-4 digits and every study ID carries its site's code (lib/cases/study-id.ts),
// so fixtures use 4-digit codes from 1000 up: the tests' own sites use codes such as 01 or 0098.
let nextSiteCode = 1000 + 2 * Math.floor(Math.random() * 4000);

export async function createFixture(prefix = "fx"): Promise<Fixture> {
  const db = await getDb();
  passwordHash ??= hashPassword(FIXTURE_PASSWORD);
  const hash = await passwordHash;
  const tag = `${prefix}${Math.random().toString(36).slice(2, 7)}`;
  const codeA = String(nextSiteCode);
  const codeB = String(nextSiteCode + 1);
  nextSiteCode = nextSiteCode + 2 > 9999 ? 1000 : nextSiteCode + 2;
  const siteA = await db.site.create({ data: { code: codeA, name: `Site A ${tag}` } });
  const siteB = await db.site.create({ data: { code: codeB, name: `Site B ${tag}` } });
  setStudySite(siteA.code);
  const makeUser = async (role: SessionUser["role"], name: string, siteId: number | null): Promise<SessionUser> => {
    const user = await db.user.create({
      data: { email: `${name}.${tag}@test.example`, name: `${name} ${tag}`, role, siteId, passwordHash: hash },
    });
    return { id: user.id, email: user.email, name: user.name, role: user.role, siteId: user.siteId };
  };
  return {
    siteA: { id: siteA.id, code: siteA.code },
    siteB: { id: siteB.id, code: siteB.code },
    admin: await makeUser("ADMIN", "admin", null),
    investigator: await makeUser("INVESTIGATOR", "investigator", null),
    coordinatorA: await makeUser("COORDINATOR", "coordinator-a", siteA.id),
    coordinatorB: await makeUser("COORDINATOR", "coordinator-b", siteB.id),
  };
}
