import { describe, expect, it } from "vitest";
import { compareForestLevels, labelOfLevel } from "./regimen-comparison-labels";

describe("the forest plots' levels", () => {
  it("are ordered as their variable's levels go, not by name", () => {
    expect(["70 or older", "Under 50", "50-69"].sort(compareForestLevels("ageGroup"))).toEqual(["Under 50", "50-69", "70 or older"]);
    expect(["2020 or later", "Before 2015", "2015-2019"].sort(compareForestLevels("era"))).toEqual(["Before 2015", "2015-2019", "2020 or later"]);
    expect(["UNKNOWN", "POSTMENOPAUSAL", "PERIMENOPAUSAL", "PREMENOPAUSAL"].sort(compareForestLevels("menopausal"))).toEqual([
      "PREMENOPAUSAL",
      "PERIMENOPAUSAL",
      "POSTMENOPAUSAL",
      "UNKNOWN",
    ]);
    expect(["4 or later", "2", "1"].sort(compareForestLevels("lineGroup"))).toEqual(["1", "2", "4 or later"]);
  });

  it("orders sites by code, numbers as numbers, and puts a level it does not know after the known ones", () => {
    expect(["10", "02", "9", "01"].sort(compareForestLevels("site"))).toEqual(["01", "02", "9", "10"]);
    expect(["Other", "POSITIVE", "NEGATIVE"].sort(compareForestLevels("hrStatus"))).toEqual(["NEGATIVE", "POSITIVE", "Other"]);
  });

  it("labels the codes as the page shows them", () => {
    expect(labelOfLevel("menopausal", "PERIMENOPAUSAL")).toBe("Perimenopausal");
    expect(labelOfLevel("hrStatus", "NEGATIVE")).toBe("HR-negative");
    expect(labelOfLevel("lineGroup", "4 or later")).toBe("Line 4 or later");
    expect(labelOfLevel("site", "03")).toBe("Site 03");
  });
});
