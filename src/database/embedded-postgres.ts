import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';

/** The extensions the migrations create; part of what a pre-migrated template must match. */
export const EMBEDDED_EXTENSIONS = ['unaccent', 'pg_trgm'] as const;

/**
 * The embedded default: PostgreSQL compiled to WebAssembly, stored on disk, reached through
 * node-postgres with a pool of exactly one connection (PGlite has a single session).
 * `memory://` keeps it in memory (tests).
 */
export async function openEmbeddedPostgres(dir: string): Promise<{ pglite: PGlite; extra: Record<string, unknown> }> {
  if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true });
  const pglite = await PGlite.create(dir, { extensions: { unaccent, pg_trgm } });
  const { connection } = createPgConfig(pglite);
  return { pglite, extra: { connection, max: 1 } };
}
