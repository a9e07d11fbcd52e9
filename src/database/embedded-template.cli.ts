/**
 * `npm run build:template` (part of `npm run build`): makes dist/pglite-template, the embedded
 * database initialised and migrated once, which a new PGLITE_DIR starts from (embedded-template.ts).
 * Skips the work when the template already matches every migration.
 */
import 'reflect-metadata';
import { ALL_MIGRATIONS } from '../../migrations';
import { defaultTemplateDirectory, templateUpToDate, writeTemplate } from './embedded-template';

async function main(): Promise<void> {
  const target = process.argv[2] ?? defaultTemplateDirectory();
  if (templateUpToDate(target, ALL_MIGRATIONS)) {
    console.log('Modèle de base intégrée à jour / embedded database template up to date.');
    return;
  }
  const started = performance.now();
  // Loaded only when there is work to do: the up-to-date check stays quick.
  const { migrate, openDatabase } = await import('./data-source.factory.js');
  await writeTemplate(target, ALL_MIGRATIONS, async (dataDir) => {
    const db = await openDatabase({ PGLITE_DIR: dataDir }, { template: false });
    try {
      await migrate(db);
    } finally {
      await db.close();
    }
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`Modèle de base intégrée créé / embedded database template made (${seconds} s) : ${target}`);
}

// Not fatal: without a template, a new embedded database is initialised and migrated at start
// (slower), and a broken migration still stops that start loudly.
main().catch((e) => {
  console.warn('Modèle de base intégrée non créé / embedded database template not made:', e);
});
