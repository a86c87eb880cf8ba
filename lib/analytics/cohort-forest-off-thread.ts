import "server-only";
import { env } from "../env";
import { statisticsPool } from "../workers/pools";
import type { TaskOutcome } from "../workers/worker-task";
import { defineWorkerTask } from "../workers/worker-task";
import { interactionTransfer, testCohortInteraction, type CohortInteractionResult, type PackedInteractionCells } from "./cohort-forest-interaction";
import { notComputedReason } from "./not-computed-in-time";

// A Cox interaction model on a whole registry's cells (hundreds of thousands for OS from
// diagnosis) takes seconds: on the request thread it would stall every other page (issue 15 §6), so each variable's test runs in the statistics worker pool within STATS_TIME_BUDGET_MS.
// The cells travel packed in typed arrays whose buffers are moved, not cloned (PackedInteractionCells).
const TEST_COHORT_INTERACTION = defineWorkerTask<typeof testCohortInteraction>("lib/analytics/cohort-forest-interaction.ts", "testCohortInteraction");

/**
 * The largest test the request thread takes back from the queue (cells of a variable of at most
 * LOCAL_TEST_MAX_LEVELS levels): 10-30 ms at a million patients (PFS on T-DXd, 6,700-9,800 cells),
 * as long as one of the forest's per-level hazard-ratio steps that run there anyway.
 */
const LOCAL_TEST_MAX_CELLS = 20_000;
const LOCAL_TEST_MAX_LEVELS = 6;

export type InteractionOutcome =
  | ({ status: "done" } & CohortInteractionResult)
  | { status: "not-tested"; reason: string }
  | { status: "not-computed-in-time"; reason: string; budgetMs: number; phase: "queued" | "running" };

/** The interaction tests of a forest's variables, started in the worker pool (startCohortInteractionTests); the regimen comparison's forest runs its own through it too. */
export type CohortInteractionTests = {
  /**
   * Runs on this thread the small tests no worker has started yet, from the smallest, yielding
   * between them: for when this thread has done its own share (the per-level hazard ratios) and
   * would otherwise wait while the one worker goes through the queue.
   */
  takeBackSmall(): Promise<void>;
  /** Each variable's outcome, in the order of the inputs. */
  outcomes(): Promise<InteractionOutcome[]>;
};

function outcomeOf(result: TaskOutcome<CohortInteractionResult>): InteractionOutcome {
  if (result.status === "not-computed-in-time") return { status: "not-computed-in-time", reason: notComputedReason(result.budgetMs, result.phase), budgetMs: result.budgetMs, phase: result.phase };
  return { status: "done", ...result.value };
}

function failureOf(error: unknown): InteractionOutcome {
  return { status: "not-tested", reason: error instanceof Error ? error.message : String(error) };
}

/**
 * Queues every variable's test, the largest first (cells × levels): the worker starts on those,
 * and the smallest wait at the back, where takeBackSmall finds them. Never throws; a test that
 * throws (fewer than two levels with both cohorts) answers "not tested" with its reason.
 */
export function startCohortInteractionTests(inputs: readonly PackedInteractionCells[], options: { budgetMs?: number } = {}): CohortInteractionTests {
  const size = (cells: PackedInteractionCells) => cells.n.length * cells.levels.length;
  const order = inputs.map((_, index) => index).sort((a, b) => size(inputs[b] as PackedInteractionCells) - size(inputs[a] as PackedInteractionCells));
  const budgetMs = options.budgetMs ?? env.STATS_TIME_BUDGET_MS;
  const runs = new Map(
    order.map((index) => {
      const cells = inputs[index] as PackedInteractionCells;
      const run = statisticsPool().runClaimable(TEST_COHORT_INTERACTION, cells, { budgetMs, transfer: interactionTransfer(cells) });
      // Settled at once into an outcome, so that a test that throws in the worker while this
      // thread is busy is never an unhandled rejection.
      const outcome = run.outcome.then(
        (result) => (result.status === "claimed" ? null : outcomeOf(result)),
        (error: unknown) => failureOf(error),
      );
      return [index, { claim: run.claim, outcome }] as const;
    }),
  );
  const local = new Map<number, InteractionOutcome>();
  return {
    async takeBackSmall() {
      for (const index of [...order].reverse()) {
        const cells = inputs[index] as PackedInteractionCells;
        if (cells.n.length > LOCAL_TEST_MAX_CELLS || cells.levels.length > LOCAL_TEST_MAX_LEVELS) continue;
        // Queued in order: once a worker has started this one, it has started every larger one.
        if (!runs.get(index)?.claim()) break;
        try {
          local.set(index, { status: "done", ...testCohortInteraction(cells) });
        } catch (error) {
          local.set(index, failureOf(error));
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
    async outcomes() {
      return Promise.all(
        inputs.map(async (_, index): Promise<InteractionOutcome> => {
          const outcome = await runs.get(index)?.outcome;
          if (outcome === undefined) return { status: "not-tested", reason: "" };
          // null: taken back by this thread (takeBackSmall).
          return outcome ?? local.get(index) ?? { status: "not-tested", reason: "The test was taken back and not computed." };
        }),
      );
    },
  };
}
