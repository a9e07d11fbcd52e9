/**
 * Migration drift check: applies every migration to an empty database (in-memory PGlite,
 * or the PostgreSQL of MIGRATION_CHECK_DATABASE_URL, which must be empty), then asks
 * TypeORM what it would still change to match the entities. Any statement means the
 * entities and migrations/ disagree: it prints them and exits 1.
 */
import 'reflect-metadata';
import { migrate, openDatabase } from './data-source.factory';

async function main(): Promise<void> {
  const db = await openDatabase({ DATABASE_URL: process.env.MIGRATION_CHECK_DATABASE_URL, PGLITE_DIR: 'memory://' });
  try {
    await migrate(db);
    const sql = await db.dataSource.driver.createSchemaBuilder().log();
    if (sql.upQueries.length === 0) {
      console.log('Migrations à jour : aucun écart entre les entités et migrations/.');
      return;
    }
    console.error('Écart entre les entités et migrations/ ; requêtes manquantes :');
    for (const q of sql.upQueries) console.error(`${q.query};`);
    process.exitCode = 1;
  } finally {
    await db.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
