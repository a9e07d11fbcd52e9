import { Client } from 'pg';
import { TEST_ADMIN_URL } from './test-database';

/** Fails early, with a clear message, when the test PostgreSQL is not reachable. */
export default async function globalSetup(): Promise<void> {
  const client = new Client({ connectionString: TEST_ADMIN_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (e) {
    throw new Error(
      `Les tests ont besoin de PostgreSQL (${TEST_ADMIN_URL}) et de Redis : ${(e as Error).message}. ` +
        'Démarrez-les (voir README, « Tests ») ou définissez TEST_DATABASE_URL / TEST_REDIS_URL.',
      { cause: e },
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
