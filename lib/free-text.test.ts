import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ReasonSchema } from "./cases/schemas";
import { findIdentifier } from "./free-text";
import { CreateSiteSchema } from "./sites/schemas";
import { SaveRedcapMappingSchema, emptyMapping } from "./redcap/mapping";
import { CreateUserSchema } from "./users/schemas";

const IDENTIFYING = {
  date: ["Seen in clinic on 2021-03-04", "DOB 04/03/1950", "visit 4.3.2021", "dob 1950-03-04", "DOB1950-03-04", "on 4 March 2021", "4th Mar 2021 review", "March 4, 2021", "2021/03/04", "at 2021-03-04T10:00"],
  "record number": ["MRN 00123456", "record 1234567"],
  "e-mail address": ["ask jane.doe@hospital.org", "x@y.io"],
  "phone number": ["call +44 20 7946 0958", "(555) 123-4567", "555.123.4567", "555-123-4567"],
} as const;

const HARMLESS = ["Corrected the IHC score after central review", "Duplicate of HER2-01-0042", "Typo in day 365 (was 356)", "Re-read of block A1 by R2", "Version 1.2 of the form", "Lines 1-3 renumbered", "Diagnosed in 2021", "IHC 2+ / ISH 2.1"];

describe("identifiers in free text (issue 15 §3)", () => {
  it("finds dates in every format the structured fields refuse, record numbers, e-mail addresses and phone numbers", () => {
    for (const [kind, texts] of Object.entries(IDENTIFYING)) {
      for (const text of texts) expect([text, findIdentifier(text)]).toEqual([text, kind]);
    }
  });

  it("leaves ordinary reasons alone, study IDs and day counts included", () => {
    for (const text of HARMLESS) expect([text, findIdentifier(text)]).toEqual([text, null]);
  });

  it("is applied by every free-text field: reasons, user names, site names, mapping names", () => {
    const reason = ReasonSchema.safeParse("Jane Doe MRN 00123456 dob 1950-03-04");
    expect(reason.error?.issues[0]?.message).toMatch(/^The reason may not contain a date/);
    expect(CreateUserSchema.safeParse({ email: "a@b.org", name: "Jane 555-123-4567", role: "INVESTIGATOR", password: "a-long-enough-password-1" }).error?.issues.map((issue) => issue.message)).toContainEqual(expect.stringMatching(/phone number/));
    expect(CreateSiteSchema.safeParse({ code: "07", name: "Clinic of jane@x.org" }).error?.issues[0]?.message).toMatch(/e-mail address/);
    const mapping = SaveRedcapMappingSchema.safeParse({ name: "Export 2021-03-04", fieldNames: [], mapping: emptyMapping() });
    expect(mapping.error?.issues[0]?.message).toMatch(/a date/);
  });

  it("reads any text in linear time, and a schema never scans more than its maximum length", () => {
    for (const text of ["a".repeat(200_000), "1 ".repeat(100_000), `${"x".repeat(100_000)}@`, "3 ".repeat(50_000) + "march"]) {
      const started = performance.now();
      findIdentifier(text);
      expect(performance.now() - started).toBeLessThan(500);
    }
    const started = performance.now();
    expect(ReasonSchema.safeParse("a".repeat(1_000_000)).error?.issues.map((issue) => issue.message)).toEqual(["Keep the reason under 500 characters"]);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("is the only way a schema takes free text (anything added later gets the check too)", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const file = path.join(dir, name);
        if (name === "generated" || name === "node_modules") continue;
        if (statSync(file).isDirectory()) walk(file);
        else if (/\.tsx?$/.test(name) && !name.endsWith(".test.ts") && !["plain-text.ts", "free-text.ts"].includes(name) && /\bplainText\(/.test(readFileSync(file, "utf8"))) offenders.push(file);
      }
    };
    for (const dir of ["lib", "app", "components"]) walk(path.resolve(dir));
    expect(offenders).toEqual([]);
  });
});
