// The migration 20261203153706_reclassify_regimen_lines: stored lines move to the regimen classes
// issue 14 added exactly as regimenClassOfAgents says, with an audit event each, and the patients'
// bit sets of metastatic regimen classes follow.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { deriveMetastaticLineRegimens, type LineForDerivation } from "../../lib/cases/derive-lines";
import { regimenClassOfAgents } from "../../lib/cases/regimen-classes";
import { getDb } from "../../lib/db/client";
import { seedDemo } from "../../lib/demo/seed-demo";
import type { RegimenClass } from "../../lib/generated/prisma/enums";

const NEW_CLASSES: readonly RegimenClass[] = ["OTHER_HER2_ADC", "OTHER_TROP2_ADC", "HER2_TKI", "ENDOCRINE_PI3K_AKT_MTOR"];
const MIGRATION = path.join(process.cwd(), "prisma/migrations/20261203153706_reclassify_regimen_lines/migration.sql");

async function migrationStatements(): Promise<string[]> {
  const sql = await readFile(MIGRATION, "utf8");
  const code = sql
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("--"))
    .join("\n");
  return code
    .split(/;\s*\n/)
    .map((statement) => statement.trim().replace(/;$/, ""))
    .filter((statement) => statement !== "");
}

describe("reclassifying stored lines by their agents (migration)", () => {
  it("moves exactly the lines whose agents name a new class, audits each, and refreshes the bit sets", async () => {
    const db = await getDb();
    await seedDemo(db, { patients: 300, seed: 14, sites: 3, password: "integration-Pass-1", batchSize: 100 });
    // Put the database back as it was before the new classes: TKI lines as trastuzumab-based,
    // PI3K/AKT/mTOR lines as endocrine, Dato-DXd as another ADC (the bit sets left as they are).
    await db.$executeRawUnsafe(`UPDATE treatment_lines SET regimen_class = CASE regimen_class
        WHEN 'HER2_TKI' THEN 'TRASTUZUMAB_BASED' WHEN 'ENDOCRINE_PI3K_AKT_MTOR' THEN 'ENDOCRINE' WHEN 'OTHER_TROP2_ADC' THEN 'OTHER_ADC'
        ELSE regimen_class END::"RegimenClass"`);
    // And a few hand-made lines the demo does not draw.
    const patient = await db.patient.findFirstOrThrow({ where: { diseaseSetting: "DE_NOVO_METASTATIC" }, orderBy: { id: "asc" } });
    const made = [
      { agents: ["PYROTINIB", "CAPECITABINE"], regimenClass: "CHEMOTHERAPY" },
      { agents: ["FULVESTRANT", "CAPIVASERTIB"], regimenClass: "OTHER" },
      { agents: ["FULVESTRANT", "PALBOCICLIB", "INAVOLISIB"], regimenClass: "ENDOCRINE_CDK46" },
      { agents: ["DISITAMAB_VEDOTIN"], regimenClass: "OTHER_ADC" },
      { agents: ["TRASTUZUMAB_DERUXTECAN", "PERTUZUMAB"], regimenClass: "T_DXD" },
    ] as const;
    for (const [index, line] of made.entries()) {
      await db.treatmentLine.create({
        data: { patientId: patient.id, setting: "METASTATIC", lineNumber: 10 + index, regimenClass: line.regimenClass, agents: [...line.agents], startDay: patient.daysToLastContact },
      });
    }
    const before = await db.treatmentLine.findMany({ select: { id: true, regimenClass: true, agents: true, version: true }, orderBy: { id: "asc" } });
    const auditBefore = await db.auditEvent.count({ where: { entity: "TREATMENT_LINE" } });

    for (const statement of await migrationStatements()) await db.$executeRawUnsafe(statement);

    const after = new Map((await db.treatmentLine.findMany({ select: { id: true, regimenClass: true, version: true } })).map((line) => [line.id, line]));
    let moved = 0;
    for (const line of before) {
      const implied = regimenClassOfAgents(line.agents);
      const expected = implied !== null && NEW_CLASSES.includes(implied) ? implied : line.regimenClass;
      const stored = after.get(line.id);
      expect({ id: line.id, agents: line.agents, regimenClass: stored?.regimenClass }).toEqual({ id: line.id, agents: line.agents, regimenClass: expected });
      if (expected !== line.regimenClass) {
        moved += 1;
        expect(stored?.version).toBe(line.version + 1);
      } else expect(stored?.version).toBe(line.version);
    }
    expect(moved).toBeGreaterThan(4);
    const moves = await db.auditEvent.findMany({ where: { entity: "TREATMENT_LINE", reason: { contains: "reclassify_regimen_lines" } } });
    expect(moves).toHaveLength(moved);
    expect(await db.auditEvent.count({ where: { entity: "TREATMENT_LINE" } })).toBe(auditBefore + moved);
    const pyrotinib = [...after.values()].find((line) => before.find((b) => b.id === line.id)?.agents.includes("PYROTINIB"));
    expect(pyrotinib?.regimenClass).toBe("HER2_TKI");

    // Bit sets: as the write paths derive them from the live lines.
    const patients = await db.patient.findMany({ include: { treatmentLines: { where: { deletedAt: null } } } });
    for (const stored of patients) {
      const lines: LineForDerivation[] = stored.treatmentLines.map((line) => ({ setting: line.setting, lineNumber: line.lineNumber, regimenClass: line.regimenClass }));
      expect({ id: stored.id, ...deriveMetastaticLineRegimens(lines) }).toEqual({
        id: stored.id,
        metastaticLine1Regimens: stored.metastaticLine1Regimens,
        metastaticLine2Regimens: stored.metastaticLine2Regimens,
        metastaticLine3Regimens: stored.metastaticLine3Regimens,
        metastaticLine4PlusRegimens: stored.metastaticLine4PlusRegimens,
      });
    }

    // A second run finds nothing to move.
    for (const statement of await migrationStatements()) await db.$executeRawUnsafe(statement);
    expect(await db.auditEvent.count({ where: { entity: "TREATMENT_LINE" } })).toBe(auditBefore + moved);
  });
});
