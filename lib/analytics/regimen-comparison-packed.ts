// The Cox models' input (ComparisonModelsInput) packed into typed arrays for the trip to the
// statistics worker, and the task that unpacks and fits it there. At a million patients the input
// holds about 160,000 cells (the adjusted models' and the forest plot's); posted as objects, their
// structured clone and its rebuilding in the worker took 0.4-0.6 s each way on the request thread
// alone, longer than most of the fits. As columns of numbers, with the few distinct strings (arms,
// levels) in one table, the arrays' buffers are moved (transferred), not copied. Pure.
import type { AdjustedCell, ComparisonCell, ForestVariable, LevelCell } from "./regimen-comparison-cells";
import { FOREST_VARIABLES } from "./regimen-comparison-cells";
import { fitComparisonTests, type ComparisonModelsInput, type ComparisonTests } from "./regimen-comparison-models";

/** Cells as columns; strings are indices into PackedModelsInput.strings. */
type PackedCells = { arm: Uint16Array; time: Float64Array; event: Uint8Array; n: Float64Array };
type PackedLevelCells = PackedCells & { level: Uint16Array };
type PackedAdjustedCells = PackedCells & { ageGroup: Uint16Array; hrStatus: Uint16Array; lineGroup: Uint16Array; priorCdk46: Uint8Array };

export type PackedModelsInput = {
  options: ComparisonModelsInput["options"];
  compared: ComparisonModelsInput["compared"];
  /** The distinct strings of the cells (arms, levels), each once. */
  strings: string[];
  adjusted: { pfs: PackedAdjustedCells; os: PackedAdjustedCells };
  overall: PackedCells;
  forest: Record<ForestVariable, PackedLevelCells>;
};

/** The input in typed arrays, and the buffers to transfer with it. */
export function packModelsInput(input: ComparisonModelsInput): { packed: PackedModelsInput; transfer: ArrayBuffer[] } {
  const strings: string[] = [];
  const indices = new Map<string, number>();
  const intern = (value: string): number => {
    let index = indices.get(value);
    if (index === undefined) {
      index = strings.length;
      if (index > 0xffff) throw new RangeError("More than 65,536 distinct arms and levels: the packed cells cannot hold them.");
      strings.push(value);
      indices.set(value, index);
    }
    return index;
  };
  const transfer: ArrayBuffer[] = [];
  const moved = <T extends { buffer: ArrayBufferLike }>(array: T): T => {
    if (array.buffer instanceof ArrayBuffer) transfer.push(array.buffer);
    return array;
  };
  const packCells = (cells: readonly ComparisonCell[]): PackedCells => {
    const packed = { arm: moved(new Uint16Array(cells.length)), time: moved(new Float64Array(cells.length)), event: moved(new Uint8Array(cells.length)), n: moved(new Float64Array(cells.length)) };
    cells.forEach((cell, i) => {
      packed.arm[i] = intern(cell.arm);
      packed.time[i] = cell.time;
      packed.event[i] = cell.event ? 1 : 0;
      packed.n[i] = cell.n;
    });
    return packed;
  };
  const packLevels = (cells: readonly LevelCell[]): PackedLevelCells => {
    const level = moved(new Uint16Array(cells.length));
    cells.forEach((cell, i) => (level[i] = intern(cell.level)));
    return { ...packCells(cells), level };
  };
  const packAdjusted = (cells: readonly AdjustedCell[]): PackedAdjustedCells => {
    const columns = { ageGroup: moved(new Uint16Array(cells.length)), hrStatus: moved(new Uint16Array(cells.length)), lineGroup: moved(new Uint16Array(cells.length)), priorCdk46: moved(new Uint8Array(cells.length)) };
    cells.forEach((cell, i) => {
      columns.ageGroup[i] = intern(cell.ageGroup);
      columns.hrStatus[i] = intern(cell.hrStatus);
      columns.lineGroup[i] = intern(cell.lineGroup);
      columns.priorCdk46[i] = cell.priorCdk46 ? 1 : 0;
    });
    return { ...packCells(cells), ...columns };
  };
  const packed: PackedModelsInput = {
    options: input.options,
    compared: input.compared,
    strings,
    adjusted: { pfs: packAdjusted(input.adjusted.pfs), os: packAdjusted(input.adjusted.os) },
    overall: packCells(input.overall),
    forest: Object.fromEntries(FOREST_VARIABLES.map((variable) => [variable, packLevels(input.forest[variable])])) as Record<ForestVariable, PackedLevelCells>,
  };
  return { packed, transfer };
}

/** The input as packModelsInput received it: the same cells, in the same order. */
export function unpackModelsInput(packed: PackedModelsInput): ComparisonModelsInput {
  const { strings } = packed;
  const text = (index: number | undefined): string => strings[index ?? 0] ?? "";
  const unpackCells = (cells: PackedCells): ComparisonCell[] => {
    const list = new Array<ComparisonCell>(cells.n.length);
    for (let i = 0; i < list.length; i++) list[i] = { arm: text(cells.arm[i]), time: cells.time[i] ?? 0, event: cells.event[i] === 1, n: cells.n[i] ?? 0 };
    return list;
  };
  const unpackLevels = (cells: PackedLevelCells): LevelCell[] => {
    const list = new Array<LevelCell>(cells.n.length);
    for (let i = 0; i < list.length; i++) list[i] = { arm: text(cells.arm[i]), time: cells.time[i] ?? 0, event: cells.event[i] === 1, n: cells.n[i] ?? 0, level: text(cells.level[i]) };
    return list;
  };
  const unpackAdjusted = (cells: PackedAdjustedCells): AdjustedCell[] => {
    const list = new Array<AdjustedCell>(cells.n.length);
    for (let i = 0; i < list.length; i++) {
      list[i] = {
        arm: text(cells.arm[i]),
        time: cells.time[i] ?? 0,
        event: cells.event[i] === 1,
        n: cells.n[i] ?? 0,
        ageGroup: text(cells.ageGroup[i]),
        hrStatus: text(cells.hrStatus[i]),
        lineGroup: text(cells.lineGroup[i]),
        priorCdk46: cells.priorCdk46[i] === 1,
      };
    }
    return list;
  };
  return {
    options: packed.options,
    compared: packed.compared,
    adjusted: { pfs: unpackAdjusted(packed.adjusted.pfs), os: unpackAdjusted(packed.adjusted.os) },
    overall: unpackCells(packed.overall),
    forest: Object.fromEntries(FOREST_VARIABLES.map((variable) => [variable, unpackLevels(packed.forest[variable])])) as Record<ForestVariable, LevelCell[]>,
  };
}

/** The statistics workers' task: fitComparisonTests (the adjusted models, the interaction tests) on the packed input. */
export function fitPackedComparisonTests(packed: PackedModelsInput): ComparisonTests {
  return fitComparisonTests(unpackModelsInput(packed));
}
