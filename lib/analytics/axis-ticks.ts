// Round axis ticks for counts (issue 16 §19): 0/50/100/150, not 0/45/90/135. Steps of 1, 2, 5
// or 10 times a power of ten, about `target` of them, the last at or above the largest value.
// Pure: shared by every chart with a count axis.

export function roundCountTicks(maxValue: number, target = 4): number[] {
  if (!Number.isFinite(maxValue) || maxValue <= 0) return [0, 1];
  const rough = maxValue / target;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, ([1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough) ?? 10 * magnitude));
  const ticks: number[] = [];
  for (let tick = 0; tick < maxValue + step; tick += step) {
    ticks.push(tick);
    if (tick >= maxValue) break;
  }
  return ticks;
}
