import { describe, expect, it } from "vitest";
import { deriveTreatmentTiming, type TreatmentLineTiming } from "./specimen-timing";

const neoadjuvant = (startDay: number, endDay: number | null): TreatmentLineTiming => ({ setting: "NEOADJUVANT", startDay, endDay });

describe("deriveTreatmentTiming", () => {
  it("is NO_NEOADJUVANT without a neoadjuvant line (adjuvant and metastatic lines do not count)", () => {
    expect(deriveTreatmentTiming(50, [])).toBe("NO_NEOADJUVANT");
    expect(deriveTreatmentTiming(50, [{ setting: "ADJUVANT", startDay: 10, endDay: 100 }, { setting: "METASTATIC", startDay: 20, endDay: null }])).toBe("NO_NEOADJUVANT");
  });

  it("splits at the first dose and the last day of treatment, boundaries included as documented", () => {
    const lines = [neoadjuvant(20, 160)];
    expect(deriveTreatmentTiming(0, lines)).toBe("BEFORE_NEOADJUVANT");
    expect(deriveTreatmentTiming(20, lines)).toBe("BEFORE_NEOADJUVANT"); // biopsy on the day of the first dose
    expect(deriveTreatmentTiming(21, lines)).toBe("DURING_NEOADJUVANT");
    expect(deriveTreatmentTiming(159, lines)).toBe("DURING_NEOADJUVANT");
    expect(deriveTreatmentTiming(160, lines)).toBe("AFTER_NEOADJUVANT");
    expect(deriveTreatmentTiming(200, lines)).toBe("AFTER_NEOADJUVANT");
  });

  it("takes sequential neoadjuvant regimens as one course, and an unfinished one as ongoing", () => {
    const sequential = [neoadjuvant(20, 90), neoadjuvant(95, 170)];
    expect(deriveTreatmentTiming(92, sequential)).toBe("DURING_NEOADJUVANT");
    expect(deriveTreatmentTiming(170, sequential)).toBe("AFTER_NEOADJUVANT");
    expect(deriveTreatmentTiming(400, [neoadjuvant(20, null)])).toBe("DURING_NEOADJUVANT");
  });
});
