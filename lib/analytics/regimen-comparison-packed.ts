// The regimen comparison's Cox models' input for the trip to the statistics workers, and the
// worker task that fits the adjusted models. At a million patients the input holds about 160,000
// cells (the adjusted models' and the forest plot's); posted as objects, their structured clone
// and its rebuilding in the worker took 0.4-0.6 s each way on the request thread alone, longer
// than most of the fits. The query's decoding gives them as columns of numbers
// (ComparisonColumns), whose copies' buffers are moved (transferred), not cloned. The forest's
// interaction tests travel as the cohort forest's do (cohort-forest.ts interactionInput:
// PackedInteractionCells, one task per variable). Pure.
import type { AdjustedColumns } from "./regimen-comparison-cells";
import { fitAdjustedModels, type ComparisonModelsInput, type ComparisonTests } from "./regimen-comparison-models";

export type AdjustedModelsInput = Pick<ComparisonModelsInput, "options" | "compared" | "adjusted">;

/** The adjusted models' input: its cells are already columns (AdjustedColumns), copied so that their buffers can be moved. */
export type PackedAdjustedInput = AdjustedModelsInput;

/** The adjusted models' input with copies of its columns, and the copies' buffers to transfer (the caller's columns stay usable). */
export function packAdjustedInput(input: AdjustedModelsInput): { packed: PackedAdjustedInput; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const moved = <T extends { buffer: ArrayBuffer; slice: () => T }>(array: T): T => {
    const copy = array.slice();
    transfer.push(copy.buffer);
    return copy;
  };
  const copy = (cells: AdjustedColumns): AdjustedColumns => ({ arm: moved(cells.arm), time: moved(cells.time), event: moved(cells.event), n: moved(cells.n), code: moved(cells.code) });
  return { packed: { options: input.options, compared: input.compared, adjusted: { pfs: copy(input.adjusted.pfs), os: copy(input.adjusted.os) } }, transfer };
}

/** The statistics workers' task: fitAdjustedModels on the packed input. */
export function fitPackedAdjustedModels(packed: PackedAdjustedInput): ComparisonTests["adjusted"] {
  return fitAdjustedModels(packed);
}
