import { describe, expect, it } from "vitest";
import { AGREEMENT_SERIES_COLOURS, ARM_STYLES, CHART_BACKGROUND, COHORT_DASHES, COHORT_MARKERS, COHORT_TEXT_COLOURS, NEUTRAL_SERIES_COLOURS, SERIES_MIN_CONTRAST, TEXT_MIN_CONTRAST } from "./chart-palette";
import { COHORT_COLOURS, COHORT_KEYS, COHORT_LABELS, COHORT_SCHEMES, SCHEME_COHORT_KEYS } from "./cohorts";
import { contrastRatio, lightness } from "./contrast";

/** How far apart (CIE L*) two cohorts shown together must be, so greyscale still tells them apart. */
const MIN_LIGHTNESS_GAP = 7;

describe("chart palette (issue 16 §16)", () => {
  it.each(COHORT_KEYS)("%s has at least 3:1 against white as a series, 4.5:1 as text", (cohort) => {
    expect(contrastRatio(COHORT_COLOURS[cohort], CHART_BACKGROUND), COHORT_LABELS[cohort]).toBeGreaterThanOrEqual(SERIES_MIN_CONTRAST);
    expect(contrastRatio(COHORT_TEXT_COLOURS[cohort], CHART_BACKGROUND), COHORT_LABELS[cohort]).toBeGreaterThanOrEqual(TEXT_MIN_CONTRAST);
  });

  it.each(Object.entries(AGREEMENT_SERIES_COLOURS))("the Agreement tab's %s series has at least 3:1 against white", (_name, colour) => {
    expect(contrastRatio(colour, CHART_BACKGROUND)).toBeGreaterThanOrEqual(SERIES_MIN_CONTRAST);
  });

  it.each(Object.entries(NEUTRAL_SERIES_COLOURS))("the %s neutral series has at least 3:1 against white", (_name, colour) => {
    expect(contrastRatio(colour, CHART_BACKGROUND)).toBeGreaterThanOrEqual(SERIES_MIN_CONTRAST);
  });

  it("the regimen comparison's arms have 4.5:1 (their colour is also the risk table's text) and different dashes", () => {
    for (const arm of Object.values(ARM_STYLES)) expect(contrastRatio(arm.colour, CHART_BACKGROUND)).toBeGreaterThanOrEqual(TEXT_MIN_CONTRAST);
    expect(ARM_STYLES.A.dash).not.toBe(ARM_STYLES.B.dash);
  });

  it.each(COHORT_SCHEMES)("scheme %s: every two cohorts differ in lightness, dash pattern and marker", (scheme) => {
    const cohorts = SCHEME_COHORT_KEYS[scheme];
    for (const [index, first] of cohorts.entries()) {
      for (const second of cohorts.slice(index + 1)) {
        const gap = Math.abs(lightness(COHORT_COLOURS[first]) - lightness(COHORT_COLOURS[second]));
        expect(gap, `${first} vs ${second}`).toBeGreaterThanOrEqual(MIN_LIGHTNESS_GAP);
        expect(COHORT_DASHES[first], `${first} vs ${second}`).not.toBe(COHORT_DASHES[second]);
        expect(COHORT_MARKERS[first], `${first} vs ${second}`).not.toBe(COHORT_MARKERS[second]);
      }
    }
  });

  it("the test itself fails below 3:1 (the old ultralow sky blue, 2.31:1)", () => {
    expect(contrastRatio("#56b4e9", CHART_BACKGROUND)).toBeLessThan(SERIES_MIN_CONTRAST);
  });
});
