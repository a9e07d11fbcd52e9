import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isMainThread, workerData } from 'node:worker_threads';

/**
 * The file copy of the pre-migrated template into a new data directory (embedded-template.ts).
 * Plain file system work with no other import, so that main.ts can run it on a worker thread
 * while the application's modules load.
 */

/** Written first and removed last while a data directory is filled from the template. */
const INCOMPLETE = '.echanges-template-incomplete';

/** A directory PGlite would initialise: absent, empty, or left half-filled by an interrupted copy. */
export function isNewDataDirectory(dir: string): boolean {
  if (dir.startsWith('memory://')) return false;
  if (!existsSync(dir)) return true;
  if (!statSync(dir).isDirectory()) return false;
  const entries = readdirSync(dir);
  return entries.length === 0 || (entries.includes(INCOMPLETE) && !entries.includes('PG_VERSION'));
}

/**
 * Copies the template's data directory into `dataDir`. PG_VERSION, which tells PGlite a database
 * is there, is copied last: an interrupted copy leaves a directory that the next start fills again.
 */
export function fillFromTemplate(dataDir: string, source: string): void {
  const version = join(source, 'PG_VERSION');
  // Emptied, not removed: the directory may be a mount point (a Docker volume).
  mkdirSync(dataDir, { recursive: true });
  for (const entry of readdirSync(dataDir)) rmSync(join(dataDir, entry), { recursive: true, force: true });
  writeFileSync(join(dataDir, INCOMPLETE), '');
  cpSync(source, dataDir, { recursive: true, filter: (from) => resolve(from) !== resolve(version) });
  copyFileSync(version, join(dataDir, 'PG_VERSION'));
  rmSync(join(dataDir, INCOMPLETE));
}

// Run as the worker of seedFromTemplateInBackground: copy, then exit (0 on success).
const job = workerData as { echangesTemplateCopy?: { dataDir: string; source: string } } | null;
if (!isMainThread && job?.echangesTemplateCopy) {
  fillFromTemplate(job.echangesTemplateCopy.dataDir, job.echangesTemplateCopy.source);
}
