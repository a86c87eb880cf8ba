/**
 * One aggregated survival row. Rows may repeat a (group, time) pair: they add up, so one
 * patient is one row with events 1 or censored 1, and a row with events 3 is three patients.
 */
export type SurvivalRecord = { group: string; time: number; events: number; censored: number };

/** `null` where R prints NA (after the curve reaches 0). */
export type KaplanMeierPoint = {
  time: number;
  nRisk: number;
  nEvent: number;
  nCensor: number;
  survival: number;
  stdErr: number | null;
  lower: number | null;
  upper: number | null;
};

export type KaplanMeierCurve = {
  group: string;
  n: number;
  events: number;
  points: KaplanMeierPoint[];
  median: { estimate: number | null; lower: number | null; upper: number | null };
};
