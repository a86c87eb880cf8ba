// The regimen comparison's Cox models' input packed into typed arrays for the trip to the
// statistics workers, and the worker task that unpacks and fits the adjusted models. At a million
// patients the input holds about 160,000 cells (the adjusted models' and the forest plot's);
// posted as objects, their structured clone and its rebuilding in the worker took 0.4-0.6 s each
// way on the request thread alone, longer than most of the fits. As columns of numbers, with the
// few distinct strings (arms, levels) in one table, the arrays' buffers are moved (transferred),
// not copied. The forest's interaction tests travel as the cohort forest's do (packLevelCells:
// PackedInteractionCells, one task per variable). Pure.
import type { PackedInteractionCells } from "./cohort-forest-interaction";
import type { AdjustedCell, ForestVariable, LevelCell } from "./regimen-comparison-cells";
import { labelOfLevel } from "./regimen-comparison-labels";
import { fitAdjustedModels, type ComparisonModelsInput, type ComparisonTests } from "./regimen-comparison-models";

/** Cells as columns; strings are indices into PackedAdjustedInput.strings. */
type PackedAdjustedCells = {
  arm: Uint16Array;
  time: Float64Array;
  event: Uint8Array;
  n: Float64Array;
  ageGroup: Uint16Array;
  hrStatus: Uint16Array;
  lineGroup: Uint16Array;
  priorCdk46: Uint8Array;
};

export type AdjustedModelsInput = Pick<ComparisonModelsInput, "options" | "compared" | "adjusted">;

export type PackedAdjustedInput = {
  options: ComparisonModelsInput["options"];
  compared: ComparisonModelsInput["compared"];
  /** The distinct strings of the cells (arms, levels), each once. */
  strings: string[];
  adjusted: { pfs: PackedAdjustedCells; os: PackedAdjustedCells };
};

/** The adjusted models' input in typed arrays, and the buffers to transfer with it. */
export function packAdjustedInput(input: AdjustedModelsInput): { packed: PackedAdjustedInput; transfer: ArrayBuffer[] } {
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
  const packAdjusted = (cells: readonly AdjustedCell[]): PackedAdjustedCells => {
    const length = cells.length;
    const packed: PackedAdjustedCells = {
      arm: moved(new Uint16Array(length)),
      time: moved(new Float64Array(length)),
      event: moved(new Uint8Array(length)),
      n: moved(new Float64Array(length)),
      ageGroup: moved(new Uint16Array(length)),
      hrStatus: moved(new Uint16Array(length)),
      lineGroup: moved(new Uint16Array(length)),
      priorCdk46: moved(new Uint8Array(length)),
    };
    cells.forEach((cell, i) => {
      packed.arm[i] = intern(cell.arm);
      packed.time[i] = cell.time;
      packed.event[i] = cell.event ? 1 : 0;
      packed.n[i] = cell.n;
      packed.ageGroup[i] = intern(cell.ageGroup);
      packed.hrStatus[i] = intern(cell.hrStatus);
      packed.lineGroup[i] = intern(cell.lineGroup);
      packed.priorCdk46[i] = cell.priorCdk46 ? 1 : 0;
    });
    return packed;
  };
  const packed: PackedAdjustedInput = {
    options: input.options,
    compared: input.compared,
    strings,
    adjusted: { pfs: packAdjusted(input.adjusted.pfs), os: packAdjusted(input.adjusted.os) },
  };
  return { packed, transfer };
}

/** The input as packAdjustedInput received it: the same cells, in the same order. */
export function unpackAdjustedInput(packed: PackedAdjustedInput): AdjustedModelsInput {
  const { strings } = packed;
  const text = (index: number | undefined): string => strings[index ?? 0] ?? "";
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
  return { options: packed.options, compared: packed.compared, adjusted: { pfs: unpackAdjusted(packed.adjusted.pfs), os: unpackAdjusted(packed.adjusted.os) } };
}

/** The statistics workers' task: fitAdjustedModels on the packed input. */
export function fitPackedAdjustedModels(packed: PackedAdjustedInput): ComparisonTests["adjusted"] {
  return fitAdjustedModels(unpackAdjustedInput(packed));
}

/**
 * One forest variable's cells as the interaction test's packed input (arm A = treatment 1), in
 * the same order, so that the test's rows are those comparisonInteraction makes from the cells.
 */
export function packLevelCells(variable: ForestVariable, cells: readonly LevelCell[], armA: string): PackedInteractionCells {
  const levels: string[] = [];
  const indices = new Map<string, number>();
  const length = cells.length;
  const packed: PackedInteractionCells = {
    levels,
    level: new Uint16Array(length),
    treatment: new Uint8Array(length),
    time: new Float64Array(length),
    event: new Uint8Array(length),
    n: new Float64Array(length),
  };
  cells.forEach((cell, i) => {
    let index = indices.get(cell.level);
    if (index === undefined) {
      index = levels.length;
      if (index > 0xffff) throw new RangeError("More than 65,536 levels: the packed cells cannot hold them.");
      levels.push(labelOfLevel(variable, cell.level));
      indices.set(cell.level, index);
    }
    packed.level[i] = index;
    packed.treatment[i] = cell.arm === armA ? 1 : 0;
    packed.time[i] = cell.time;
    packed.event[i] = cell.event ? 1 : 0;
    packed.n[i] = cell.n;
  });
  return packed;
}
