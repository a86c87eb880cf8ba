import { createSplitMix32 } from "../random/splitmix32";

/**
 * A small seeded random source for the synthetic demo cohort: the same seed always gives the
 * same cohort, on every machine (Math.random cannot be seeded).
 */
export type Random = {
  next: () => number;
  uniform: (min: number, max: number) => number;
  integer: (min: number, max: number) => number;
  chance: (probability: number) => boolean;
  normal: (mean: number, sd: number) => number;
  exponential: (median: number) => number;
  pick: <T>(weights: readonly (readonly [T, number])[]) => T;
};

/** sfc32 (Chris Doty-Humphrey's Small Fast Counting generator), seeded through splitmix32. */
export function createRandom(seed: number): Random {
  const splitmix = createSplitMix32(seed);
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i += 1) next();

  const random: Random = {
    next,
    uniform: (min, max) => min + (max - min) * next(),
    integer: (min, max) => Math.floor(min + (max - min + 1) * next()),
    chance: (probability) => next() < probability,
    normal: (mean, sd) => {
      const u = Math.max(next(), Number.EPSILON);
      const v = next();
      return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    // Exponential with the given median: the survival times of the demo (constant hazard).
    exponential: (median) => (-Math.log(Math.max(1 - next(), Number.EPSILON)) * median) / Math.LN2,
    pick: (weights) => {
      const total = weights.reduce((sum, [, weight]) => sum + weight, 0);
      let threshold = next() * total;
      for (const [value, weight] of weights) {
        threshold -= weight;
        if (threshold < 0) return value;
      }
      const last = weights.at(-1);
      if (!last) throw new Error("pick needs at least one weighted value");
      return last[0];
    },
  };
  return random;
}
