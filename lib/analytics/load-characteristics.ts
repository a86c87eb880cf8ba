import "server-only";
import type { SessionUser } from "../auth/roles";
import { env } from "../env";
import type { DashboardFilters } from "./filters";
import { presentTableOne, type TableOneView } from "./present-table-one";
import { summariseTableOne, testCategoricalRows, type CategoricalTests } from "./table-one";

export type CharacteristicsView = {
  table: TableOneView;
  /**
   * The categorical rows' p-values, still being computed when the page renders: Fisher's exact
   * test can take a few hundred ms per row, so the counts are shown first and the p-values
   * stream in (React's use() on the client).
   */
  categoricalTests: Promise<CategoricalTests>;
};

/** Everything the Characteristics tab shows: Table 1 and the distributions behind its charts. */
export async function loadCharacteristics(user: SessionUser, filters: DashboardFilters): Promise<CharacteristicsView> {
  const table = await summariseTableOne(user, filters);
  return { table: presentTableOne(table, env.SMALL_CELL_THRESHOLD), categoricalTests: testCategoricalRows(table) };
}
