import { describe, expect, it } from "vitest";
import { readableValue } from "./readable-values";

describe("readableValue (issue 16 §13)", () => {
  it("shows codes with the form's labels", () => {
    expect(readableValue("regimenClass", "T_DXD")).not.toBe("T_DXD");
    expect(readableValue("ihcScore", "IHC_0_ULTRALOW")).not.toContain("IHC_0_ULTRALOW");
    expect(readableValue("cohortLatest", "UNCLASSIFIED")).toBe("Unclassified");
  });

  it("joins lists with drug names as written, never JSON", () => {
    expect(readableValue("agents", ["TRASTUZUMAB_DERUXTECAN", "PERTUZUMAB"])).toBe("Trastuzumab deruxtecan, Pertuzumab");
    expect(readableValue("agents", [])).toBe("—");
    expect(readableValue("detail", { rows: 3, mode: "create" })).toBe("rows: 3; mode: create");
  });

  it("keeps numbers and unknown text, and shows empty as a dash", () => {
    expect(readableValue("erPercent", 80)).toBe("80");
    expect(readableValue("reasonCode", "SOMETHING")).toBe("SOMETHING");
    expect(readableValue("grade", null)).toBe("—");
  });
});
