// PostgreSQL `integer` (int4) columns, which every id and version here is, hold at most
// 2,147,483,647. A larger number cannot name a row, and passed to a query it makes PostgreSQL
// raise "value out of range" (a 500) instead of the "no such row" the caller should get, so
// schemas refuse it with the other malformed ids. Pure: the browser shares the schemas.
export const MAX_INT4 = 2_147_483_647;
