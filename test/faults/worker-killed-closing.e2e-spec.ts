import { Client } from 'pg';
import { OpportunityClosingScheduler } from '../../src/opportunities/closing/opportunity-closing.scheduler';
import { seedOpportunity, seedPublicBody, seedUser, sqlOf, Sql } from '../support/opportunity-seed';
import { seedProposal } from '../support/proposal-seed';
import { seedVendor } from '../support/scenario';
import { SmtpSink } from '../support/smtp-sink';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

const NEVER_MS = '3600000';

/**
 * A worker dies in the middle of a closing (its closing transaction is cut: its database
 * connection is terminated, then the worker stops). Nothing of that closing is left; another
 * worker closes the opportunity exactly once: one audit event, every submitted proposal
 * under evaluation, one closing e-mail per recipient.
 */
describe.each([
  ['BullMQ on Redis', true],
  ['in-process driver', false],
])('Faults: a worker killed during the closing (%s)', (_label, redis) => {
  let api: TestApp;
  let sink: SmtpSink;
  let blocker: Client;
  let sql: Sql;
  const started: TestApp[] = [];

  const worker = async () => {
    const app = await startTestApp({
      databaseUrl: api.config.DATABASE_URL,
      redis,
      env: {
        APP_ROLE: 'worker',
        CLOSING_SWEEP_MS: NEVER_MS,
        BULLMQ_PREFIX: api.config.BULLMQ_PREFIX,
        SMTP_URL: sink.url,
      },
    });
    started.push(app);
    return app;
  };

  beforeAll(async () => {
    sink = await SmtpSink.start();
    // The API replica creates the database and never sweeps.
    api = await startTestApp({ label: 'faultclosing', redis, env: { APP_ROLE: 'api', SMTP_URL: sink.url } });
    sql = sqlOf(api.dataSource);
    blocker = new Client({ connectionString: api.config.DATABASE_URL });
    await blocker.connect();
  });

  afterAll(async () => {
    await blocker?.query('ROLLBACK').catch(() => undefined);
    await blocker?.end();
    for (const app of started.reverse()) await app.close().catch(() => undefined);
    await api?.close();
    await sink?.close();
  });

  async function record(id: string) {
    const [{ status }] = await sql(`SELECT status FROM opportunity WHERE id = $1`, [id]);
    const audits = await sql(`SELECT 1 FROM audit_event WHERE action = 'opportunities.close' AND entity_id = $1`, [id]);
    const proposals = await sql(`SELECT status FROM proposal WHERE opportunity_id = $1 ORDER BY status`, [id]);
    const notifications = await sql(
      `SELECT recipient_email AS email FROM notification WHERE template = 'opportunity-closed' AND entity_id = $1 ORDER BY 1`,
      [id],
    );
    return {
      status,
      audits: audits.length,
      proposals: proposals.map((p) => p.status),
      notifications: notifications.map((n) => n.email),
    };
  }

  it('leaves nothing of the interrupted closing; another worker then closes it exactly once', async () => {
    const body = await seedPublicBody(sql, { acronym: `K${Date.now().toString(36).slice(-6)}` });
    const buyers = [
      await seedUser(sql, { email: `a-${body.id}@mcn.gouv.qc.ca`, role: 'buyer', publicBodyId: body.id }),
      await seedUser(sql, { email: `b-${body.id}@mcn.gouv.qc.ca`, role: 'buyer', publicBodyId: body.id }),
    ];
    const opp = await seedOpportunity(sql, {
      publicBodyId: body.id,
      createdById: buyers[0].id,
      title: 'Fermeture interrompue',
      deadlineIn: '-1 minute',
    });
    for (let i = 0; i < 2; i += 1) {
      const vendor = await seedVendor(api);
      await seedProposal(sql, { opportunityId: opp.id, vendorId: vendor.vendorId, authorId: vendor.userId });
    }

    // Hold off inserts into the audit log: the first worker's closing stops at its audit event
    // (a command's last write), with the status, the proposals and the e-mails already written
    // in its transaction.
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE audit_event IN SHARE MODE');
    const first = await worker();
    const [pid] = await waitFor('the first worker’s closing to wait on the audit log', async () => {
      // Inside the blocker's transaction, pg_stat_activity would show the first snapshot it took.
      await blocker.query('SELECT pg_stat_clear_snapshot()');
      const { rows } = await blocker.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
            AND query LIKE '%INSERT INTO audit_event%' AND pid <> pg_backend_pid()`,
      );
      return rows.length ? rows.map((r) => r.pid) : undefined;
    });
    const { rows: written } = await blocker.query<{ table: string }>(
      `SELECT DISTINCT relation::regclass::text AS table FROM pg_locks WHERE pid = $1 AND mode = 'RowExclusiveLock'`,
      [pid],
    );
    expect(written.map((r) => r.table)).toEqual(expect.arrayContaining(['opportunity', 'proposal', 'notification']));

    // The worker dies mid-closing: its connection is cut, then the process goes.
    await blocker.query('SELECT pg_terminate_backend($1)', [pid]);
    await blocker.query('ROLLBACK');
    const scheduler = first.app.get(OpportunityClosingScheduler);
    await waitFor('the interrupted sweep to end', () => scheduler.sweeps >= 1);
    const stopping = Date.now();
    await first.close();
    started.splice(started.indexOf(first), 1);
    expect(Date.now() - stopping).toBeLessThan(10_000);

    expect(await record(opp.id)).toEqual({
      status: 'PUBLISHED',
      audits: 0,
      proposals: ['SUBMITTED', 'SUBMITTED'],
      notifications: [],
    });

    // Another worker takes over (its sweep at boot) and closes once.
    const second = await worker();
    await waitFor(
      'the second worker to close the opportunity',
      async () => (await record(opp.id)).status === 'EVALUATION',
    );
    const emails = buyers.map((b) => b.email).sort();
    expect(await record(opp.id)).toEqual({
      status: 'EVALUATION',
      audits: 1,
      proposals: ['UNDER_EVALUATION', 'UNDER_EVALUATION'],
      notifications: emails,
    });
    for (const email of emails) await sink.waitForMail((m) => m.to.includes(email), 15_000);

    // More sweeps, by this worker and a third one, change nothing and send nothing more.
    await second.app.get(OpportunityClosingScheduler).sweep('encore');
    const third = await worker();
    await waitFor('the third worker’s sweep at boot', () => third.app.get(OpportunityClosingScheduler).sweeps >= 1);
    await second.relay.flush();
    expect((await record(opp.id)).audits).toBe(1);
    for (const email of emails) expect(sink.mailsTo(email)).toHaveLength(1);
  }, 90_000);
});
