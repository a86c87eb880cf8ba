/**
 * splitmix32: the usual way to fill a small generator's state from one 32-bit seed (consecutive
 * seeds give unrelated states). Shared by the demo cohort's generator (lib/demo/random.ts) and the
 * statistics' simulations (lib/stats/seeded-random.ts). Pure.
 */
export function createSplitMix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}
