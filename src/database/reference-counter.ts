import { EntityManager } from 'typeorm';

/**
 * The next number of `kind` for `year` (1, 2, …), gap-free: the counter row is locked by the
 * upsert until the caller's transaction ends, so concurrent creators take turns and a
 * rolled-back creation gives its number back (see ReferenceCounter).
 */
export async function nextReferenceNumber(em: EntityManager, kind: string, year: number): Promise<number> {
  const [row] = await em.query<{ last_value: number }[]>(
    `INSERT INTO reference_counter (kind, year, last_value) VALUES ($1, $2, 1)
     ON CONFLICT (kind, year) DO UPDATE SET last_value = reference_counter.last_value + 1
     RETURNING last_value`,
    [kind, year],
  );
  return Number(row.last_value);
}
