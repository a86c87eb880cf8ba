import { describe, expect, it } from "vitest";
import { buildCoxDesign, type CoxModelRow } from "./cox-covariate-design";

describe("buildCoxDesign's order of the rows", () => {
  it("is a stable sort by time, as R's order(time): tied rows keep their input order", () => {
    // Times with many ties and fractions, in a scrambled order; each row's covariate is its position.
    const rows: CoxModelRow[] = Array.from({ length: 200 }, (_, i) => ({ time: ((i * 37) % 23) / 2, event: i % 3 === 0, covariates: { position: i } }));
    const design = buildCoxDesign(rows, ["position"]);
    const expected = rows.map((row, i) => ({ time: row.time, i })).sort((a, b) => a.time - b.time || a.i - b.i);
    expect([...design.times]).toEqual(expected.map((entry) => entry.time));
    // The covariate is centred and scaled: recover the positions from it.
    const scale = design.scales[0] ?? 1;
    const mean = rows.reduce((sum, _, i) => sum + i, 0) / rows.length;
    // Sparse: a row without an entry holds 0 (after centring).
    const dense = Array.from({ length: design.count }, (_, i) => ((design.rowStarts[i] ?? 0) < (design.rowStarts[i + 1] ?? 0) ? (design.values[design.rowStarts[i] ?? 0] ?? 0) : 0));
    const positions = dense.map((value) => Math.round(value / scale + mean));
    expect(positions).toEqual(expected.map((entry) => entry.i));
  });
});
