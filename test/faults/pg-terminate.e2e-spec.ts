import { Client } from 'pg';
import {
  buyerOfNewPublicBody,
  createDraft,
  loginAsAdmin,
  Session,
  submitForReview,
  vendorWantingNews,
} from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

/**
 * PostgreSQL connections of the API killed (`pg_terminate_backend`) mid-command: the
 * command's transaction dies with its connection, so nothing of it is left (row, audit
 * event, e-mail, outbox job); the pool drops the dead connection and the next request works
 * without a restart.
 */
describe('Faults: API connections to PostgreSQL killed', () => {
  let t: TestApp;
  let admin: Session;
  let buyer: Session;
  let blocker: Client;

  beforeAll(async () => {
    t = await startTestApp({ label: 'faultkill' });
    admin = await loginAsAdmin(t);
    buyer = await buyerOfNewPublicBody(t, admin);
    await vendorWantingNews(t);
    blocker = new Client({ connectionString: t.config.DATABASE_URL });
    await blocker.connect();
  });

  afterAll(async () => {
    await blocker?.query('ROLLBACK').catch(() => undefined);
    await blocker?.end();
    await t?.close();
  });

  /** The app's backends other than the blocker's (the pool's connections). */
  const appBackends = async (where = 'true'): Promise<number[]> => {
    // Inside the blocker's transaction, pg_stat_activity would show the first snapshot it took.
    await blocker.query('SELECT pg_stat_clear_snapshot()');
    return (
      await blocker.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND ${where}`,
      )
    ).rows.map((r) => r.pid);
  };

  const publishedTraces = async (id: string) => ({
    status: (await t.dataSource.query(`SELECT status FROM opportunity WHERE id = $1`, [id]))[0].status,
    audits: (
      await t.dataSource.query(
        `SELECT action FROM audit_event WHERE entity_id = $1 AND action = 'opportunities.publish'`,
        [id],
      )
    ).length,
    notifications: (await t.dataSource.query(`SELECT id FROM notification WHERE entity_id = $1`, [id])).length,
    jobs: (
      await t.dataSource.query(
        `SELECT 1 FROM job_outbox WHERE payload->>'notificationId' IN (SELECT id::text FROM notification WHERE entity_id = $1)`,
        [id],
      )
    ).length,
  });

  it('leaves nothing of a command whose connection is killed while it runs, and serves the next request', async () => {
    const draft = await createDraft(t, buyer);
    await submitForReview(t, buyer, draft.id);

    // Hold off inserts into the audit log: every command records its audit events last, after
    // its own writes and its outbox rows, so the publication stops there with everything else
    // written.
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE audit_event IN SHARE MODE');
    const publishing = t
      .http()
      .post(`/api/v1/opportunities/${draft.id}/publish`)
      .set(admin.auth)
      .then((r) => r);
    const [pid] = await waitFor('the publication to wait on the audit log', () =>
      appBackends(`wait_event_type = 'Lock' AND query LIKE '%INSERT INTO audit_event%'`).then((pids) =>
        pids.length ? pids : undefined,
      ),
    );
    // It is in flight with its writes done: the status, the e-mail and its job.
    const written = (
      await blocker.query<{ table: string }>(
        `SELECT DISTINCT relation::regclass::text AS table FROM pg_locks WHERE pid = $1 AND mode = 'RowExclusiveLock'`,
        [pid],
      )
    ).rows.map((r) => r.table);
    expect(written).toEqual(expect.arrayContaining(['opportunity', 'notification', 'job_outbox']));

    await blocker.query('SELECT pg_terminate_backend($1)', [pid]);
    await blocker.query('ROLLBACK');
    const res = await publishing;
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('INTERNAL');
    expect(JSON.stringify(res.body)).not.toMatch(/terminat|pg_|SQL/i);

    expect(await publishedTraces(draft.id)).toEqual({ status: 'UNDER_REVIEW', audits: 0, notifications: 0, jobs: 0 });

    // No restart: the same request now goes through, once.
    await t.http().post(`/api/v1/opportunities/${draft.id}/publish`).set(admin.auth).expect(200);
    expect(await publishedTraces(draft.id)).toEqual({ status: 'PUBLISHED', audits: 1, notifications: 1, jobs: 1 });
  });

  it('drops idle pooled connections killed under it: the next requests work', async () => {
    // Fill the pool with a few connections, then kill them all while idle.
    await Promise.all(Array.from({ length: 5 }, () => t.http().get(`/api/v1/opportunities`).expect(200)));
    const killed = await appBackends();
    expect(killed.length).toBeGreaterThan(0);
    await blocker.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [killed]);
    await waitFor('the killed backends to be gone', async () =>
      (await appBackends()).every((pid) => !killed.includes(pid)),
    );

    for (let i = 0; i < 5; i += 1) {
      await t.http().get('/health/ready').expect(200);
      await t.http().get('/api/v1/opportunities').expect(200);
    }
    const draft = await createDraft(t, buyer);
    expect(draft.status).toBe('DRAFT');
  });
});
