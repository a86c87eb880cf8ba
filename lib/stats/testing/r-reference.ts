// Test support: the R reference values in ../shared/reference (a sibling of the repository, in CI too).
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import type { SurvivalRecord } from "../survival-types";

type Triple = [number, number, number];
type CoxReference = {
  term: string;
  reference: string;
  coef: number;
  hazardRatio: number;
  stdErr: number;
  pValue: number;
  lower: number;
  upper: number;
  logLik: [number, number];
  likelihoodRatio: Triple;
  wald: Triple;
  score: Triple;
};

export type RReference = {
  aml: {
    data: { time: number; status: number; x: string }[];
    kaplanMeier: {
      group: string;
      time: number;
      nRisk: number;
      nEvent: number;
      survival: number;
      stdErr: number | null;
      lower: number | null;
      upper: number | null;
    }[];
    medians: { group: string; median: number | null; lower: number | null; upper: number | null }[];
    logRank: { chiSquare: number; df: number; pValue: number; observed: number[]; expected: number[]; groups: string[] };
    coxEfron: CoxReference;
    coxBreslow: CoxReference;
  };
  chiSquare: { table: number[][]; statistic: number; df: number; pValue: number };
  kruskal: { groups: number[][]; statistic: number; df: number; pValue: number };
  fisher: { table: number[][]; pValue: number };
  clopperPearson: { successes: number; n: number; lower: number; upper: number };
};

export function loadRReference(): RReference {
  const file = path.resolve(process.cwd(), "../shared/reference/r-reference-public.json");
  return JSON.parse(readFileSync(file, "utf8")) as RReference;
}

/** One record per patient, as the dashboard sends them. */
export function convertAmlToRecords(reference: RReference): SurvivalRecord[] {
  return reference.aml.data.map((row) => ({
    group: row.x,
    time: row.time,
    events: row.status,
    censored: 1 - row.status,
  }));
}

/**
 * R prints 15 significant digits and the implementations agree to about 1e-13, so 1e-8
 * relative is a hundred times stricter than the 1e-6 the issue asks for, yet immune to rounding.
 */
export const RELATIVE_TOLERANCE = 1e-8;

export function expectRelativelyClose(actual: number | null | undefined, expected: number, tolerance = RELATIVE_TOLERANCE): void {
  expect(actual, `expected a number close to ${expected}`).toBeTypeOf("number");
  const difference = Math.abs((actual as number) - expected);
  expect(difference, `${String(actual)} vs ${expected}`).toBeLessThanOrEqual(tolerance * Math.max(Math.abs(expected), 1e-300));
}
