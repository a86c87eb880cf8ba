import "server-only";
import type { SessionUser } from "../auth/roles";
import { env } from "../env";
import { countHer2Calls } from "./calling-rates";
import { countPatientsByCohort } from "./cohort-counts";
import type { DashboardFilters } from "./filters";
import { countHer2Transitions } from "./her2-transitions";
import { presentEvolution, type EvolutionView } from "./present-evolution";

/** Everything the Evolution tab shows: transitions and calling rates, queried in parallel. */
export async function loadEvolution(user: SessionUser, filters: DashboardFilters): Promise<EvolutionView & { patients: number }> {
  const [counts, transitions, calls] = await Promise.all([
    countPatientsByCohort(user, filters),
    countHer2Transitions(user, filters),
    countHer2Calls(user, filters),
  ]);
  return { ...presentEvolution(transitions, calls, env.SMALL_CELL_THRESHOLD, filters.scheme), patients: counts.total };
}
