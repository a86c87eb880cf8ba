import "server-only";
import type { SessionUser } from "../auth/roles";
import { env } from "../env";
import type { DashboardFilters } from "./filters";
import { presentTableOne, type TableOneView } from "./present-table-one";
import { summariseTableOne } from "./table-one";

/** Everything the Characteristics tab shows: Table 1 and the distributions behind its charts. */
export async function loadCharacteristics(user: SessionUser, filters: DashboardFilters): Promise<TableOneView> {
  return presentTableOne(await summariseTableOne(user, filters), env.SMALL_CELL_THRESHOLD);
}
