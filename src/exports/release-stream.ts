import { escapeLiteral, type Pool } from 'pg';
import type { EntityManager } from 'typeorm';
import { publishedReleaseSql } from '../ocds/release-visibility';
import { copyOut } from './copy-out';

/** Rows per keyset page of the contract CSV: a short query each, so that commands interleave (PGlite has one connection). */
export const EXPORT_PAGE_SIZE = 200;

/**
 * Releases per segment of the bulk stream (a span of `seq`): one short COPY each, read whole
 * (~3.5 MB of buffers at ~1.8 kB a release) before the connection goes back to the pool.
 */
export const RELEASE_SEGMENT = 2_000;

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
 * The published releases of a date range as JSON Lines, in `seq` order, as Buffers: segments of
 * RELEASE_SEGMENT consecutive `seq` values up to the last release written when the export
 * starts, each one `COPY … TO STDOUT` (copy-out.ts: bytes, never a string per row) on a
 * connection taken and given back for that segment only. So a slow or paused client holds no
 * database connection (on the embedded PGlite, commands run between two segments), and memory
 * stays at one segment whatever the volume. The release text is sent as the database returns it
 * (`jsonb::text`, never parsed); the COPY uses the CSV format with a quote and a delimiter that
 * JSON text cannot hold (control characters are escaped in JSON), so each row is the text and
 * a line feed, byte for byte.
 */
export async function* releaseLines(
  em: EntityManager,
  range: ReleaseRange,
  segment = RELEASE_SEGMENT,
): AsyncGenerator<Buffer> {
  const b = await releaseBounds(em, range);
  const [span] = await em.query<{ first: string | null; last: string | null }[]>(
    `SELECT (min(r.seq) - 1)::text AS first, max(r.seq)::text AS last FROM ocds_release r
      WHERE r.seq > $1 AND ${RANGE_SQL} AND ${publishedReleaseSql('r')}`,
    [0, b.from, b.to],
  );
  if (span.first === null || span.last === null) return;
  if (isEmbedded(em)) {
    yield* embeddedReleaseLines(em, b, BigInt(span.last));
    return;
  }
  const pool = (em.connection.driver as unknown as { master: Pool }).master;
  const bound = (v: string | null) => (v === null ? 'NULL' : `${escapeLiteral(v)}::timestamptz`);
  const rangeSql = RANGE_SQL.replace(/\$2/g, bound(b.from)).replace(/\$3/g, bound(b.to));
  const last = BigInt(span.last);
  for (let from = BigInt(span.first); from < last; from += BigInt(segment)) {
    const buffers = await copyOut(
      pool,
      `COPY (SELECT r.release::text FROM ocds_release r
              WHERE r.seq > ${from} AND r.seq <= ${from + BigInt(segment)} AND ${rangeSql} AND ${publishedReleaseSql('r')}
              ORDER BY r.seq)
         TO STDOUT WITH (FORMAT csv, DELIMITER E'\\x02', QUOTE E'\\x01')`,
    );
    yield* buffers;
  }
}

/** The embedded PGlite is reached through a connection object given to node-postgres (embedded-postgres.ts). */
const isEmbedded = (em: EntityManager) =>
  Boolean((em.connection.options as { extra?: { connection?: unknown } }).extra?.connection);

/** Text per yield on the embedded path: small strings die young. */
const CHUNK_CHARS = 32_000;

/**
 * The embedded PGlite's path (its node-postgres adapter does not carry COPY … TO STDOUT): keyset
 * pages of EXPORT_PAGE_SIZE rows, each its own short query, joined into ~32 kB Buffers. The
 * embedded database serves one office; its volumes are far from the 200 000 releases measured
 * on PostgreSQL.
 */
async function* embeddedReleaseLines(
  em: EntityManager,
  b: { from: string | null; to: string | null },
  lastSeq: bigint,
): AsyncGenerator<Buffer> {
  let last = '0';
  for (;;) {
    const rows = await em.query<{ seq: string; json: string }[]>(
      `SELECT r.seq::text AS seq, r.release::text AS json FROM ocds_release r
        WHERE r.seq > $1::bigint AND r.seq <= $5::bigint AND ${RANGE_SQL} AND ${publishedReleaseSql('r')}
        ORDER BY r.seq LIMIT $4`,
      [last, b.from, b.to, EXPORT_PAGE_SIZE, lastSeq.toString()],
    );
    let chunk = '';
    for (const r of rows) {
      chunk += `${r.json}\n`;
      if (chunk.length >= CHUNK_CHARS) {
        yield Buffer.from(chunk);
        chunk = '';
      }
    }
    if (chunk) yield Buffer.from(chunk);
    if (rows.length < EXPORT_PAGE_SIZE) return;
    last = rows[rows.length - 1].seq;
  }
}

/** What the bulk stream's ETag covers: the last release written (any new release may change it). */
export async function releasesVersion(em: EntityManager): Promise<string> {
  const [{ v }] = await em.query<{ v: string }[]>(`SELECT coalesce(max(seq), 0)::text AS v FROM ocds_release`);
  return v;
}
