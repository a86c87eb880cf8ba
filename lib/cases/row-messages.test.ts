import { describe, expect, it } from "vitest";
import { messageWithRow } from "./row-messages";

describe("messageWithRow (issue 16 §9)", () => {
  it("names the HER2 test or treatment line, counted from 1", () => {
    expect(messageWithRow("tests.1.specimen", "Specimen is required")).toBe("HER2 test 2: specimen is required");
    expect(messageWithRow("lines.0.startDay", "Start day is required")).toBe("Treatment line 1: start day is required");
  });

  it("leaves patient fields and already named messages alone", () => {
    expect(messageWithRow("tests.0.ishRatio", "ISH ratio needs copies too")).toBe("HER2 test 1: ISH ratio needs copies too");
    expect(messageWithRow("patient.studyId", "Study ID is required")).toBe("Study ID is required");
    expect(messageWithRow("tests.0.assay", "HER2 test 1: choose an assay")).toBe("HER2 test 1: choose an assay");
  });
});
