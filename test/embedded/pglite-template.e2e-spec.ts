import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ALL_MIGRATIONS } from '../../migrations';
import { migrate, openDatabase, OpenedDatabase } from '../../src/database/data-source.factory';
import { seedFromTemplate, usableTemplate, writeTemplate } from '../../src/database/embedded-template';

/**
 * Issue 14: a new embedded database starts as a copy of the pre-migrated template made at build
 * time. It must be the very schema the migrations make from scratch, catch up with migrations
 * newer than the template, hold nothing per instance, never replace an existing database, and
 * never be used when it does not match the migrations.
 */

/** Everything the migrations define, as catalogue rows (what `pg_dump --schema-only` would print). */
async function schemaOf(ds: DataSource): Promise<Record<string, unknown[]>> {
  const q = (sql: string) => ds.query(sql) as Promise<unknown[]>;
  return {
    columns: await q(
      `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default, character_maximum_length,
              numeric_precision, numeric_scale, is_generated, generation_expression
         FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, column_name`,
    ),
    constraints: await q(
      `SELECT conrelid::regclass::text AS tbl, conname, contype, pg_get_constraintdef(oid) AS def
         FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2`,
    ),
    indexes: await q(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2`),
    triggers: await q(
      `SELECT tgrelid::regclass::text AS tbl, tgname, pg_get_triggerdef(oid) AS def
         FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1, 2`,
    ),
    functions: await q(
      `SELECT proname, pg_get_function_identity_arguments(oid) AS args, md5(prosrc) AS body
         FROM pg_proc WHERE pronamespace = 'public'::regnamespace ORDER BY 1, 2`,
    ),
    types: await q(
      `SELECT t.typname, t.typtype, coalesce(string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder), '') AS labels
         FROM pg_type t LEFT JOIN pg_enum e ON e.enumtypid = t.oid
        WHERE t.typnamespace = 'public'::regnamespace GROUP BY 1, 2 ORDER BY 1`,
    ),
    sequences: await q(
      `SELECT sequencename, data_type::text, start_value, increment_by FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`,
    ),
    views: await q(`SELECT viewname, definition FROM pg_views WHERE schemaname = 'public' ORDER BY 1`),
    extensions: await q(`SELECT extname FROM pg_extension ORDER BY 1`),
    migrations: await q(`SELECT timestamp::text, name FROM typeorm_migration ORDER BY id`),
    // The migrations' own rows (the audit chain's genesis): the only data a template holds.
    auditHead: await q(`SELECT * FROM audit_chain_head`),
  };
}

const NAMES = ALL_MIGRATIONS.map((m) => (new (m as new () => { name: string })() as { name: string }).name);

describe('Embedded database from the pre-migrated template', () => {
  let root: string;
  let reference: Record<string, unknown[]>;
  let partial: string; // template of every migration but the last
  let full: string; // template of every migration
  const opened: OpenedDatabase[] = [];

  async function open(dir: string, template: string | false, migrations = ALL_MIGRATIONS): Promise<OpenedDatabase> {
    const db = await openDatabase({ PGLITE_DIR: dir }, { template, migrations });
    opened.push(db);
    return db;
  }

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'echanges-template-'));
    const scratch = await open('memory://', false);
    await migrate(scratch);
    reference = await schemaOf(scratch.dataSource);
    await scratch.close();

    partial = join(root, 'partial');
    const older = ALL_MIGRATIONS.slice(0, -1);
    await writeTemplate(partial, older, async (dataDir) => {
      const db = await open(dataDir, false, older);
      await migrate(db);
      await db.close();
    });
    // The full template is the partial one caught up: no second initdb.
    full = join(root, 'full');
    await writeTemplate(full, ALL_MIGRATIONS, async (dataDir) => {
      const db = await open(dataDir, partial);
      await migrate(db);
      await db.close();
    });
  }, 300_000);

  afterAll(async () => {
    for (const db of opened) await db.close().catch(() => undefined);
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('gives a new directory exactly the schema of a database migrated from scratch', async () => {
    const db = await open(join(root, 'from-full'), full);
    expect(db.fromTemplate).toEqual(NAMES);
    expect(await migrate(db)).toEqual([]);
    expect(await schemaOf(db.dataSource)).toEqual(reference);
    await db.close();
  });

  it('applies the migrations newer than the template on top of it', async () => {
    const db = await open(join(root, 'from-partial'), partial);
    expect(db.fromTemplate).toEqual(NAMES.slice(0, -1));
    // The comparison sees the missing migration before it runs.
    expect(await schemaOf(db.dataSource)).not.toEqual(reference);
    expect(await migrate(db)).toEqual(NAMES.slice(-1));
    expect(await schemaOf(db.dataSource)).toEqual(reference);
    await db.close();
  });

  it('holds no secret, account or other per-instance row', async () => {
    const db = await open(join(root, 'empty-check'), full);
    const counts = await db.dataSource.query(
      `SELECT (SELECT count(*) FROM app_setting)::int AS settings, (SELECT count(*) FROM app_user)::int AS users,
              (SELECT count(*) FROM audit_event)::int AS events, (SELECT count(*) FROM public_body)::int AS bodies`,
    );
    expect(counts).toEqual([{ settings: 0, users: 0, events: 0, bodies: 0 }]);
    await db.close();
  });

  it('never replaces an existing database', async () => {
    const dir = join(root, 'existing');
    const first = await open(dir, full);
    await first.dataSource.query(`INSERT INTO app_setting (key, value) VALUES ('kept', 'oui')`);
    await first.close();
    const again = await open(dir, full);
    expect(again.fromTemplate).toBeUndefined();
    expect(await again.dataSource.query(`SELECT value FROM app_setting WHERE key = 'kept'`)).toEqual([
      { value: 'oui' },
    ]);
    await again.close();
  });

  it('fills again a directory left half-copied by an interrupted start', async () => {
    const dir = join(root, 'interrupted');
    mkdirSync(join(dir, 'base'), { recursive: true });
    writeFileSync(join(dir, '.echanges-template-incomplete'), '');
    writeFileSync(join(dir, 'base', 'debris'), 'x');
    const db = await open(dir, full);
    expect(db.fromTemplate).toEqual(NAMES);
    expect(existsSync(join(dir, '.echanges-template-incomplete'))).toBe(false);
    expect(await migrate(db)).toEqual([]);
    await db.close();
  });

  it('is not used when it does not match the migrations (edited, removed, other PGlite)', () => {
    const manifestPath = join(full, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    expect(usableTemplate(full, ALL_MIGRATIONS)).toEqual(NAMES);
    // A migration removed from the list: the template holds one the code does not know.
    expect(usableTemplate(full, ALL_MIGRATIONS.slice(0, -1))).toBeUndefined();
    // A migration edited after the template was made (same name, other code).
    const edited = structuredClone(manifest);
    edited.migrations[3].sha256 = '0'.repeat(64);
    const other = structuredClone(manifest);
    other.pglite = '0.0.1';
    const dir = join(root, 'stale');
    for (const stale of [edited, other]) {
      writeFileSync(manifestPath, JSON.stringify(stale));
      expect(usableTemplate(full, ALL_MIGRATIONS)).toBeUndefined();
      expect(seedFromTemplate(dir, full, ALL_MIGRATIONS)).toBeUndefined();
      expect(existsSync(dir)).toBe(false);
    }
    writeFileSync(manifestPath, JSON.stringify(manifest));
    expect(usableTemplate(join(root, 'missing'), ALL_MIGRATIONS)).toBeUndefined();
  });

  it('falls back to initdb and every migration when the template is stale', async () => {
    const manifestPath = join(full, 'manifest.json');
    const manifest = readFileSync(manifestPath, 'utf8');
    const stale = JSON.parse(manifest);
    stale.migrations[0].sha256 = '1'.repeat(64);
    writeFileSync(manifestPath, JSON.stringify(stale));
    try {
      const db = await open(join(root, 'fallback'), full);
      expect(db.fromTemplate).toBeUndefined();
      expect(await migrate(db)).toEqual(NAMES);
      expect(await schemaOf(db.dataSource)).toEqual(reference);
      await db.close();
    } finally {
      writeFileSync(manifestPath, manifest);
    }
  }, 180_000);
});
