import type { EntityManager } from 'typeorm';

/** One data-changing statement not yet run: its SQL (placeholders `$1`, `$2`…) and parameters. */
export interface SqlWrite {
  sql: string;
  params: unknown[];
}

/**
 * The writes as one statement (one round trip): all but the last become data-modifying
 * `WITH` queries, their placeholders renumbered after the ones before. PostgreSQL runs them
 * on one snapshot, and none sees the rows the others write: only writes that do not depend on
 * each other may be combined. The SQL must hold no `$n` but its placeholders (no
 * dollar-quoting).
 */
export function combinedWrite(writes: readonly SqlWrite[]): SqlWrite | null {
  if (writes.length === 0) return null;
  const params: unknown[] = [];
  const parts = writes.map((write) => {
    const offset = params.length;
    params.push(...write.params);
    return write.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
  });
  const last = parts.pop()!;
  const sql = parts.length === 0 ? last : `WITH ${parts.map((p, i) => `w${i} AS (${p})`).join(', ')} ${last}`;
  return { sql, params };
}

/** Runs the writes given (nulls left out) as one statement, or none when there is nothing to write. */
export async function runWrites(em: EntityManager, writes: readonly (SqlWrite | null)[]): Promise<void> {
  const combined = combinedWrite(writes.filter((w): w is SqlWrite => w !== null));
  if (combined) await em.query(combined.sql, combined.params);
}
