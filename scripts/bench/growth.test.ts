import { describe, expect, it } from "vitest";
import { GrowthTable, addResultsMarkdown, formatGrowth, logLogSlope } from "./growth";

describe("logLogSlope", () => {
  it("is the power of a power law", () => {
    const points = [1e4, 1e5, 1e6, 1e7].map((x) => ({ x, y: 3 * x ** 1.2 }));
    expect(logLogSlope(points)).toBeCloseTo(1.2, 10);
  });

  it("is 0 for a constant and NaN with fewer than two sizes", () => {
    expect(logLogSlope([{ x: 10, y: 5 }, { x: 1000, y: 5 }])).toBeCloseTo(0, 10);
    expect(logLogSlope([{ x: 10, y: 5 }])).toBeNaN();
    expect(logLogSlope([{ x: 10, y: 5 }, { x: 100, y: Number.NaN }])).toBeNaN();
  });

  it("fits least squares through scattered points", () => {
    // log10 y = 0, 1.5, 2 at log10 x = 0, 1, 2: slope (2 - 0) / 2 with the middle point above the line
    expect(logLogSlope([{ x: 1, y: 1 }, { x: 10, y: 10 ** 1.5 }, { x: 100, y: 100 }])).toBeCloseTo(1, 10);
  });
});

const MARKDOWN = `# Benchmark results
## 10,000 patients: dashboard queries

Investigator; warm-up then median of 5; the floor column is timed beside each query. Floors over the whole run (every count of the table): \`patients\` 1.48 ms (2 MB), \`her2_tests\` 2.39 ms (3 MB).

| tab | query | filters | median ms | first ms | floor ms (table) | ratio | ≤ 3× floor | < 1.5 s |
| --- | --- | --- | ---: | ---: | --- | ---: | :---: | :---: |
| Overview | countPatientsByCohort | no filter | 10.0 | 28.9 | 1.05 (patients) | 0.06 | yes | yes |

| tab | median ms | first ms | body KiB | < 2 s |
| --- | ---: | ---: | ---: | :---: |
| Overview (\`/dashboard\`) | 63.1 | 450 | 74 | yes |

## 100,000 patients: dashboard queries

Investigator; warm-up then median of 5; the floor column is timed beside each query. Floors over the whole run (every count of the table): \`patients\` 14.8 ms (24 MB), \`her2_tests\` 23.9 ms (31 MB).

| tab | query | filters | median ms | first ms | floor ms (table) | ratio | ≤ 3× floor | < 1.5 s |
| --- | --- | --- | ---: | ---: | --- | ---: | :---: | :---: |
| Overview | countPatientsByCohort | no filter | 100 | 28.9 | 10 (patients) | 0.06 | yes | yes |

## Plan of the floor

| not | a | result | row |
`;

describe("addResultsMarkdown", () => {
  it("reads the queries, tabs and floors of each size section", () => {
    const table = new GrowthTable();
    addResultsMarkdown(table, MARKDOWN);
    const rows = table.rows();
    const query = rows.find((row) => row.kind === "query");
    expect(query).toMatchObject({ name: "countPatientsByCohort", variant: "no filter", sizes: [10_000, 100_000], medians: [10, 100] });
    expect(query?.exponent).toBeCloseTo(1, 10);
    expect(rows.find((row) => row.kind === "tab")).toMatchObject({ name: "Overview", sizes: [10_000], medians: [63.1] });
    expect(rows.find((row) => row.kind === "floor" && row.name === "patients")?.exponent).toBeCloseTo(1, 10);
    expect(rows).toHaveLength(4);
  });

  it("lets a later result replace a size's median and formats one row per series", () => {
    const table = new GrowthTable();
    addResultsMarkdown(table, MARKDOWN);
    table.addResult({
      size: 100_000,
      queries: [{ tab: "Overview", name: "countPatientsByCohort", variant: "no filter", table: "patients", timing: { medianMs: 10, minMs: 10, maxMs: 10, firstMs: 10, runs: 1 }, floorMs: 1, ratio: 10 }],
      pages: null,
      floors: { patients: { medianMs: 14.8, minMs: 1, maxMs: 1, firstMs: 1, runs: 1 }, her2_tests: { medianMs: 23.9, minMs: 1, maxMs: 1, firstMs: 1, runs: 1 }, treatment_lines: { medianMs: Number.NaN, minMs: 1, maxMs: 1, firstMs: 1, runs: 1 } },
    });
    const query = table.rows().find((row) => row.kind === "query");
    expect(query?.exponent).toBeCloseTo(0, 10);
    const markdown = formatGrowth(table.rows());
    expect(markdown).toContain("| 10k ms | 100k ms |");
    expect(markdown).toContain("| query | countPatientsByCohort | no filter | 10.0 | 10.0 | 0.00 | 0.00 |");
    expect(markdown).toContain("| floor | treatment_lines |  | – | – | – | – |");
  });
});
