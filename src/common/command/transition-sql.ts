/** A column value that is the database clock of the transaction (`now()`), never the Node clock. */
export const DB_NOW: unique symbol = Symbol('now()');

/** Columns a transition writes beside `status`, by column name. */
export type TransitionColumns = Record<string, unknown>;

/**
 * `col = $n` assignments for an UPDATE, numbered from `first`; `DB_NOW` becomes `now()`.
 * Column names come from code, never from input.
 */
export function assignments(set: TransitionColumns, first: number): { sql: string[]; params: unknown[] } {
  const sql: string[] = [];
  const params: unknown[] = [];
  for (const [column, value] of Object.entries(set)) {
    if (!/^[a-z_]+$/.test(column)) throw new Error(`Invalid column name "${column}"`);
    if (value === DB_NOW) {
      sql.push(`${column} = now()`);
    } else {
      params.push(value);
      sql.push(`${column} = $${first + params.length - 1}`);
    }
  }
  return { sql, params };
}

/** node-postgres answers UPDATE … RETURNING through TypeORM as [rows, count]. */
export function returnedRows<T>(result: unknown): T[] {
  const r = result as unknown[];
  return (Array.isArray(r[0]) ? r[0] : r) as T[];
}
