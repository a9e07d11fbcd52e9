import { createDraft, buyerOfNewPublicBody, loginAsAdmin } from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';
import { PrivatePostgres } from './private-postgres';

/** Every probe of the API must answer within this, database up or down. */
const ANSWER_WITHIN_MS = 5_000;

/**
 * PostgreSQL restarted while the API runs (a private cluster: the shared one is never
 * restarted). While it is down, /health/ready says so (503, database down) and requests get
 * an error answer, never a hang; once it is back, the API is ready and works again, without
 * a restart of its own.
 */
describe('Faults: PostgreSQL restarted under the running API', () => {
  let pg: PrivatePostgres;
  let t: TestApp | undefined;

  beforeAll(async () => {
    pg = await PrivatePostgres.start();
    t = await startTestApp({ databaseUrl: pg.url });
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await pg?.destroy();
  });

  const ready = async () => {
    const res = await t!.http().get('/health/ready').timeout(ANSWER_WITHIN_MS);
    return { status: res.status, database: res.body.checks?.database as string };
  };

  it('goes unready while the database is down, answers errors without hanging, and is ready and working once it is back', async () => {
    const app = t!;
    const admin = await loginAsAdmin(app);
    const buyer = await buyerOfNewPublicBody(app, admin);
    expect(await ready()).toEqual({ status: 200, database: 'up' });

    await pg.stop();
    await waitFor('the API to report the database down', async () => {
      const r = await ready();
      return r.status === 503 && r.database === 'down';
    });
    const during = await app.http().get('/api/v1/opportunities').set(buyer.auth).timeout(ANSWER_WITHIN_MS);
    expect(during.status).toBeGreaterThanOrEqual(500);
    expect(during.body.error?.code).toEqual(expect.any(String));
    await app.http().get('/health/live').timeout(ANSWER_WITHIN_MS).expect(200);

    await pg.start();
    await waitFor('the API to be ready again', async () => (await ready()).status === 200, { timeoutMs: 20_000 });
    expect(await ready()).toEqual({ status: 200, database: 'up' });
    // Reads, a fresh log-in and a command all work on the restarted server.
    await app.http().get('/api/v1/opportunities').set(buyer.auth).expect(200);
    const again = await loginAsAdmin(app);
    expect(again.token).toEqual(expect.any(String));
    const draft = await createDraft(app, buyer);
    expect(draft.status).toBe('DRAFT');
  }, 60_000);
});
