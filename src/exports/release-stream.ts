import type { EntityManager } from 'typeorm';
import { publishedReleaseSql } from '../ocds/release-visibility';

/**
 * Text of at most ~32 kB per yield: small strings die young (a page of 500 releases as one
 * string would sit in V8's large-object space until a full GC and make RSS climb).
 */
export const CHUNK_CHARS = 32_000;

export function* chunked(lines: readonly string[]): Generator<string> {
  let chunk = '';
  for (const line of lines) {
    chunk += `${line}\n`;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** Rows per keyset page: a short query each, so that commands interleave (PGlite has one connection). */
export const EXPORT_PAGE_SIZE = 200;

export interface ReleaseRange {
  /** ISO 8601 date (midnight in Montréal) or date-time, inclusive. */
  from?: string;
  /** ISO 8601 date (that whole day, Montréal time) or date-time, exclusive. */
  to?: string;
}

/** The bounds as timestamptz text (null: open), computed by the database in Montréal time. */
export async function releaseBounds(em: EntityManager, range: ReleaseRange) {
  const [b] = await em.query<{ from_at: string | null; to_at: string | null }[]>(
    `SELECT (CASE WHEN $1::text IS NULL THEN NULL
                  WHEN $1 ~ '^\\d{4}-\\d{2}-\\d{2}$' THEN $1::date::timestamp AT TIME ZONE 'America/Montreal'
                  ELSE $1::timestamptz END)::text AS from_at,
            (CASE WHEN $2::text IS NULL THEN NULL
                  WHEN $2 ~ '^\\d{4}-\\d{2}-\\d{2}$' THEN ($2::date + 1)::timestamp AT TIME ZONE 'America/Montreal'
                  ELSE $2::timestamptz END)::text AS to_at`,
    [range.from ?? null, range.to ?? null],
  );
  return { from: b.from_at, to: b.to_at };
}

const RANGE_SQL = `($2::timestamptz IS NULL OR r.date >= $2::timestamptz) AND ($3::timestamptz IS NULL OR r.date < $3::timestamptz)`;

/** How many published releases the range holds (the CLI's progress bar). */
export async function countReleases(em: EntityManager, range: ReleaseRange): Promise<number> {
  const b = await releaseBounds(em, range);
  const [{ n }] = await em.query<{ n: string }[]>(
    `SELECT count(*) AS n FROM ocds_release r WHERE r.seq > $1 AND ${RANGE_SQL} AND ${publishedReleaseSql('r')}`,
    [0, b.from, b.to],
  );
  return Number(n);
}

/**
 * The published releases of a date range as JSON Lines, in `seq` order, one page of text per
 * yield: keyset pages (`seq > last`), each its own short query, never one long transaction or
 * the whole result in memory. The release text comes from the database as is (no parse).
 */
export async function* releaseLines(
  em: EntityManager,
  range: ReleaseRange,
  pageSize = EXPORT_PAGE_SIZE,
): AsyncGenerator<string> {
  const b = await releaseBounds(em, range);
  let last = '0';
  for (;;) {
    const rows = await em.query<{ seq: string; json: string }[]>(
      `SELECT r.seq::text AS seq, r.release::text AS json FROM ocds_release r
        WHERE r.seq > $1::bigint AND ${RANGE_SQL} AND ${publishedReleaseSql('r')}
        ORDER BY r.seq LIMIT $4`,
      [last, b.from, b.to, pageSize],
    );
    if (rows.length === 0) return;
    yield* chunked(rows.map((r) => r.json));
    if (rows.length < pageSize) return;
    last = rows[rows.length - 1].seq;
  }
}

/** What the bulk stream's ETag covers: the last release written (any new release may change it). */
export async function releasesVersion(em: EntityManager): Promise<string> {
  const [{ v }] = await em.query<{ v: string }[]>(`SELECT coalesce(max(seq), 0)::text AS v FROM ocds_release`);
  return v;
}
