/**
 * `npm run audit:verify`: recomputes the audit chain of the configured database
 * (DATABASE_URL, or the embedded PGlite under PGLITE_DIR) and exits 1 if it is broken.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { migrate, openDatabase } from '../database/data-source.factory';
import { AuditService } from './audit.service';

async function main(): Promise<void> {
  const config = loadConfig();
  const db = await openDatabase(config);
  try {
    await migrate(db);
    const result = await new AuditService(db.dataSource as DataSource).verify();
    if (result.valid) {
      console.log(`Journal d'audit intact : ${result.checked} événement(s) vérifié(s).`);
    } else {
      console.error(`Journal d'audit rompu : premier événement invalide n° ${result.firstBrokenSeq} (${result.checked} lu(s)).`);
      process.exitCode = 1;
    }
  } finally {
    await db.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 2;
});
