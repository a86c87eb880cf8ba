import "server-only";
import { getDb } from "../db/client";
import type { SqlParameters } from "./filter-sql";

/** Runs one parameterised aggregate query; the SQL text holds placeholders only. */
export async function runAggregateQuery<Row>(sql: string, parameters: SqlParameters): Promise<Row[]> {
  const db = await getDb();
  return db.$queryRawUnsafe<Row[]>(sql, ...parameters.values);
}
