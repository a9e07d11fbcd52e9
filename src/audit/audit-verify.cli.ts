/**
 * `npm run audit:verify`: recomputes the audit chain of the configured database
 * (DATABASE_URL, or the embedded PGlite under PGLITE_DIR) and exits 1 if it is broken.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/load-config';
import { DatabaseSettings, migrate, openDatabase } from '../database/data-source.factory';
import { AuditService, ChainVerification } from './audit.service';

/**
 * Opens a database of its own (a PostgreSQL URL, or settings naming the embedded PGlite),
 * recomputes the chain and closes it. Used by the command below and by the tests.
 */
export async function verifyAuditChain(database: string | DatabaseSettings): Promise<ChainVerification> {
  const settings: DatabaseSettings =
    typeof database === 'string' ? { DATABASE_URL: database, PGLITE_DIR: 'memory://' } : database;
  const db = await openDatabase(settings);
  try {
    await migrate(db);
    return await new AuditService(db.dataSource as DataSource).verify();
  } finally {
    await db.close();
  }
}

/** The command's report and exit code (0 intact, 1 broken). */
export function describeVerification(result: ChainVerification): { exitCode: 0 | 1; message: string } {
  return result.valid
    ? { exitCode: 0, message: `Journal d'audit intact : ${result.checked} événement(s) vérifié(s).` }
    : {
        exitCode: 1,
        message: `Journal d'audit rompu : premier événement invalide n° ${result.firstBrokenSeq} (${result.checked} lu(s)).`,
      };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const { exitCode, message } = describeVerification(await verifyAuditChain(config));
  if (exitCode === 0) console.log(message);
  else console.error(message);
  process.exitCode = exitCode;
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 2;
  });
}
