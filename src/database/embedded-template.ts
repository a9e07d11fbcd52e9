import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { EMBEDDED_EXTENSIONS } from './embedded-postgres';
import { fillFromTemplate, isNewDataDirectory } from './embedded-template-copy';

/**
 * The pre-migrated embedded database (issue #14). A fresh PGlite spends most of its first
 * start in initdb and in running every migration; the build (`npm run build:template`) does
 * that once and keeps the cleanly shut-down data directory under dist/pglite-template/data,
 * with a manifest naming the PGlite version, the extensions and each migration it ran (with a
 * hash of the migration's code). At start, a new or empty PGLITE_DIR is filled with a copy of
 * it, and the migrations the template does not hold run as usual (TypeORM's migration table
 * says which). The template holds the schema only: the migrations' own rows, no secret, no
 * account, nothing made by the application at start.
 *
 * A template is used only when its manifest matches what this code would have run: same
 * PGlite, same extensions, and its migrations a prefix of the current list, each with the same
 * code. Anything else (missing, stale, an edited or removed migration) falls back to initdb and
 * the full migration run, as before.
 */

const FORMAT = 1;
const MANIFEST = 'manifest.json';
const DATA = 'data';

export interface TemplateManifest {
  format: number;
  pglite: string;
  extensions: string[];
  migrations: { name: string; sha256: string }[];
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type MigrationClass = Function;

/** dist/pglite-template next to the compiled code (dist/src/database → dist). */
export function defaultTemplateDirectory(): string {
  return join(__dirname, '..', '..', 'pglite-template');
}

function pgliteVersion(): string {
  // The package's exports do not include package.json: walk up from its entry point.
  let dir = dirname(require.resolve('@electric-sql/pglite'));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The name TypeORM records for a migration: its `name` field, else its class name. */
function migrationName(m: MigrationClass): string {
  return (new (m as new () => { name?: string })().name ?? m.name) as string;
}

/** What a template made now by this code, with these migrations, would say about itself. */
export function expectedManifest(migrations: MigrationClass[]): TemplateManifest {
  return {
    format: FORMAT,
    pglite: pgliteVersion(),
    extensions: [...EMBEDDED_EXTENSIONS],
    migrations: migrations.map((m) => ({
      name: migrationName(m),
      // Migrations import nothing but TypeORM's types: their class text is their whole behaviour.
      sha256: createHash('sha256').update(m.toString()).digest('hex'),
    })),
  };
}

function readManifest(templateDir: string): TemplateManifest | undefined {
  try {
    return JSON.parse(readFileSync(join(templateDir, MANIFEST), 'utf8')) as TemplateManifest;
  } catch {
    return undefined;
  }
}

/** The template's migrations when it can stand in for initdb + those migrations; undefined otherwise. */
export function usableTemplate(templateDir: string, migrations: MigrationClass[]): string[] | undefined {
  const found = readManifest(templateDir);
  if (!found || !existsSync(join(templateDir, DATA, 'PG_VERSION'))) return undefined;
  const expected = expectedManifest(migrations);
  if (
    found.format !== expected.format ||
    found.pglite !== expected.pglite ||
    JSON.stringify(found.extensions) !== JSON.stringify(expected.extensions) ||
    !Array.isArray(found.migrations) ||
    found.migrations.length > expected.migrations.length
  )
    return undefined;
  const prefix = found.migrations.every(
    (m, i) => m.name === expected.migrations[i].name && m.sha256 === expected.migrations[i].sha256,
  );
  return prefix ? found.migrations.map((m) => m.name) : undefined;
}

/** True when the template is exactly what these migrations would make (the build skips remaking it). */
export function templateUpToDate(templateDir: string, migrations: MigrationClass[]): boolean {
  return usableTemplate(templateDir, migrations)?.length === migrations.length;
}

/**
 * Fills a new data directory from the template when the template matches these migrations.
 * Returns the migrations the copy holds, or undefined when nothing was copied.
 */
export function seedFromTemplate(
  dataDir: string,
  templateDir: string,
  migrations: MigrationClass[],
): string[] | undefined {
  if (!isNewDataDirectory(dataDir)) return undefined;
  const held = usableTemplate(templateDir, migrations);
  if (!held) return undefined;
  fillFromTemplate(dataDir, join(templateDir, DATA));
  return held;
}

const early = new Map<string, Promise<string[] | undefined>>();

/**
 * main.ts starts the copy on a worker thread before the application's modules load (issue #14:
 * the two overlap); openDatabase then waits for it (earlySeed). Without a usable template, or
 * for an existing database, it does nothing.
 */
export function seedFromTemplateInBackground(dataDir: string, templateDir: string, migrations: MigrationClass[]): void {
  if (!isNewDataDirectory(dataDir)) return;
  const held = usableTemplate(templateDir, migrations);
  if (!held) return;
  const worker = new Worker(join(__dirname, 'embedded-template-copy.js'), {
    workerData: { echangesTemplateCopy: { dataDir, source: join(templateDir, DATA) } },
  });
  const done = new Promise<string[] | undefined>((resolveCopy, rejectCopy) => {
    worker.once('error', rejectCopy);
    worker.once('exit', (code) =>
      code === 0 ? resolveCopy(held) : rejectCopy(new Error(`template copy exited with ${code}`)),
    );
  });
  done.catch(() => undefined); // awaited by earlySeed; never an unhandled rejection meanwhile
  early.set(resolve(dataDir), done);
}

/**
 * The background copy of this directory, once finished: the migrations it holds; undefined when
 * none was started. A failed copy (the directory left marked incomplete) is redone in the
 * foreground by seedFromTemplate.
 */
export async function earlySeed(dataDir: string): Promise<string[] | undefined> {
  const pending = early.get(resolve(dataDir));
  if (!pending) return undefined;
  early.delete(resolve(dataDir));
  return pending.catch(() => undefined);
}

/**
 * Makes the template: `migrateInto(dir)` must initialise a PGlite data directory there, run the
 * migrations and close it cleanly. Built in a sibling directory and renamed into place, so that
 * a failed build leaves no half template (a missing one only means the slower start).
 */
export async function writeTemplate(
  templateDir: string,
  migrations: MigrationClass[],
  migrateInto: (dataDir: string) => Promise<void>,
): Promise<void> {
  const staging = `${resolve(templateDir)}.building-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    await migrateInto(join(staging, DATA));
    writeFileSync(join(staging, MANIFEST), `${JSON.stringify(expectedManifest(migrations), null, 2)}\n`);
    rmSync(templateDir, { recursive: true, force: true });
    renameSync(staging, templateDir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
