import "server-only";
import { env } from "../env";
import { statisticsPool } from "../workers/pools";
import { defineWorkerTask } from "../workers/worker-task";
import { interactionTransfer, type CohortInteractionResult, type PackedInteractionCells, type testCohortInteraction } from "./cohort-forest-interaction";
import { notComputedReason } from "./not-computed-in-time";

// A Cox interaction model on a whole registry's cells (hundreds of thousands for OS from
// diagnosis) takes seconds: on the request thread it would stall every other page (issue 15 §6), so each variable's test runs in the statistics worker pool within STATS_TIME_BUDGET_MS.
// The cells travel packed in typed arrays whose buffers are moved, not cloned (PackedInteractionCells).
const TEST_COHORT_INTERACTION = defineWorkerTask<typeof testCohortInteraction>("lib/analytics/cohort-forest-interaction.ts", "testCohortInteraction");

export type InteractionOutcome =
  | ({ status: "done" } & CohortInteractionResult)
  | { status: "not-tested"; reason: string }
  | { status: "not-computed-in-time"; reason: string };

/** The interaction test of one variable's cells, off the request thread; never throws. */
export async function testCohortInteractionOffThread(cells: PackedInteractionCells, options: { budgetMs?: number } = {}): Promise<InteractionOutcome> {
  try {
    const outcome = await statisticsPool().run(TEST_COHORT_INTERACTION, cells, { budgetMs: options.budgetMs ?? env.STATS_TIME_BUDGET_MS, transfer: interactionTransfer(cells) });
    if (outcome.status === "not-computed-in-time") return { status: "not-computed-in-time", reason: notComputedReason(outcome.budgetMs, outcome.phase) };
    return { status: "done", ...outcome.value };
  } catch (error) {
    return { status: "not-tested", reason: error instanceof Error ? error.message : String(error) };
  }
}
