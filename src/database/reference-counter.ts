import { EntityManager } from 'typeorm';

/** A reference's year (the Montréal day of the database clock) and its number in that year. */
export interface ReferenceNumber {
  year: number;
  number: number;
}

/**
 * The one reference generator (opportunities `EEC-<year>-<n>`, contracts `C-<year>-<n>`): the
 * next number of `kind` for the current year, the year being that of the Montréal day of the
 * database clock (transaction time), never the Node clock nor the session's time zone. Gap-
 * free: the counter row is locked by the upsert until the caller's transaction ends, so
 * concurrent creators take turns and a rolled-back creation gives its number back.
 */
export async function nextReference(em: EntityManager, kind: string): Promise<ReferenceNumber> {
  const [row] = await em.query<{ year: number; last_value: number }[]>(
    `WITH y AS (SELECT extract(year FROM now() AT TIME ZONE 'America/Montreal')::int AS year)
     INSERT INTO reference_counter (kind, year, last_value) SELECT $1, y.year, 1 FROM y
     ON CONFLICT (kind, year) DO UPDATE SET last_value = reference_counter.last_value + 1
     RETURNING year, last_value`,
    [kind],
  );
  return { year: Number(row.year), number: Number(row.last_value) };
}
