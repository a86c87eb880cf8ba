import { createSplitMix32 } from "../random/splitmix32";

/**
 * A small seeded pseudo-random generator for simulations that must give the same answer every
 * time (a simulated p-value is memoised and compared across requests): xoshiro128** (Blackman &
 * Vigna 2018, period 2^128 - 1), its state filled from the seed by splitmix32. Uniform doubles
 * use 53 random bits (two outputs), as R's unif_rand gives full double resolution.
 */
export type UniformRandom = () => number;

export function createSeededRandom(seed: number): UniformRandom {
  const splitMix = createSplitMix32(seed);
  let a = splitMix();
  let b = splitMix();
  let c = splitMix();
  let d = splitMix();
  if ((a | b | c | d) === 0) a = 1;
  const next = (): number => {
    const result = Math.imul(rotateLeft(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotateLeft(d, 11);
    return result;
  };
  return () => ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992;
}

/** FNV-1a over 32-bit integers: a seed that depends on every value, in order. */
export function hashIntegers(values: Iterable<number>): number {
  let hash = 0x811c9dc5;
  for (const value of values) {
    let word = value >>> 0;
    for (let byte = 0; byte < 4; byte++) {
      hash = Math.imul(hash ^ (word & 0xff), 0x01000193);
      word >>>= 8;
    }
  }
  return hash >>> 0;
}

function rotateLeft(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits));
}
