// npm run bench:growth [-- FILES…] [--write FILE.md]
// The growth exponent of each query, tab and floor (scripts/bench/growth.ts) over the sizes of
// several benchmark runs: results JSON files written by `npm run bench` (beside its Markdown),
// or the Markdown itself for runs recorded before the JSON existed. A later file's median for a
// size replaces an earlier one's. Default: bench/results.md (10k, 100k, 1M) and
// bench/results-10m.json (10M). With --write, the table replaces (or is added as) the section
// "## Growth with the cohort size" of that Markdown file.
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import type { SizeResult } from "./bench-size";
import { GrowthTable, addResultsMarkdown, formatGrowth } from "./growth";

const { values, positionals } = parseArgs({ options: { write: { type: "string" } }, allowPositionals: true });
const files = positionals.length > 0 ? positionals : ["bench/results.md", "bench/results-10m.json"].filter((file) => existsSync(file));

const table = new GrowthTable();
for (const file of files) {
  const text = await readFile(file, "utf8");
  if (file.endsWith(".json")) {
    const parsed = JSON.parse(text) as { results: SizeResult[] };
    for (const result of parsed.results) table.addResult(result);
  } else {
    addResultsMarkdown(table, text);
  }
}
const rows = table.rows();
const HEADING = "## Growth with the cohort size";
const section = [
  HEADING,
  "",
  `Computed by \`npm run bench:growth\` from ${files.map((file) => `\`${file}\``).join(", ")}. The exponent is the slope of a least-squares fit of log(median ms) on log(patients): 1 is linear in the cohort, 0 flat (a trigger-kept summary); "two largest sizes" is the slope between them alone, where fixed per-request costs no longer flatten the curve. The floors (sequential \`count(*)\` of each table) are the reference: a query whose exponent exceeds its floor's grows faster than one pass over its table.`,
  "",
  formatGrowth(rows),
  "",
].join("\n");
console.log(section);

if (values.write) {
  const markdown = existsSync(values.write) ? await readFile(values.write, "utf8") : "";
  const start = markdown.indexOf(`${HEADING}\n`);
  let next: string;
  if (start >= 0) {
    const end = markdown.indexOf("\n## ", start + HEADING.length);
    next = `${markdown.slice(0, start)}${section}${end >= 0 ? markdown.slice(end + 1) : ""}`;
  } else {
    const plan = markdown.indexOf("## Plan of the floor");
    next = plan >= 0 ? `${markdown.slice(0, plan)}${section}\n${markdown.slice(plan)}` : `${markdown.trimEnd()}\n\n${section}`;
  }
  await writeFile(values.write, next);
  console.log(`Growth table written to ${values.write}`);
}
