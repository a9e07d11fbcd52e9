import { randomBytes } from 'node:crypto';
import { OpportunityClosingScheduler } from '../../src/opportunities/closing/opportunity-closing.scheduler';
import { OpportunityClosingService } from '../../src/opportunities/closing/opportunity-closing.service';
import { seedOpportunity, seedPublicBody, seedUser, Sql, sqlOf } from '../support/opportunity-seed';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

type Driver = 'bullmq' | 'inline';

/** Long enough that no scheduled sweep fires during a test (only the one at boot). */
const NEVER_MS = 3_600_000;
const OFTEN_MS = 200;

interface Workers {
  a: TestApp;
  b: TestApp;
  prefix: string;
  sql: Sql;
  /** Buyers of the owning body (active), who get the closing e-mail. */
  buyers: { id: string; email: string; language: 'fr' | 'en' }[];
  bodyId: string;
  authorId: string;
}

/** Two worker processes (APP_ROLE all) on one database and, with BullMQ, one Redis prefix. */
async function startWorkers(driver: Driver, sweepMs: number): Promise<Workers> {
  const prefix = `t${randomBytes(5).toString('hex')}`;
  const env = { CLOSING_SWEEP_MS: String(sweepMs), BULLMQ_PREFIX: prefix };
  const redis = driver === 'bullmq';
  const a = await startTestApp({ label: `closing${driver}`, redis, env });
  const b = await startTestApp({ databaseUrl: a.database!.url, redis, env });
  const sql = sqlOf(a.dataSource);
  const body = await seedPublicBody(sql, { acronym: 'MCN', nameFr: 'Ministère de la Cybersécurité et du Numérique' });
  const other = await seedPublicBody(sql, { acronym: 'SAAQ' });
  const buyers = [
    {
      ...(await seedUser(sql, { email: 'responsable@mcn.gouv.qc.ca', role: 'buyer', publicBodyId: body.id })),
      language: 'fr' as const,
    },
    {
      ...(await seedUser(sql, {
        email: 'buyer@mcn.gouv.qc.ca',
        role: 'buyer',
        publicBodyId: body.id,
        preferredLanguage: 'en',
      })),
      language: 'en' as const,
    },
  ];
  // Neither of these is told: an inactive account, and a buyer of another body.
  await seedUser(sql, { email: 'ancien@mcn.gouv.qc.ca', role: 'buyer', publicBodyId: body.id, active: false });
  await seedUser(sql, { email: 'acheteur@saaq.gouv.qc.ca', role: 'buyer', publicBodyId: other.id });
  return { a, b, prefix, sql, buyers, bodyId: body.id, authorId: buyers[0].id };
}

async function stopWorkers(w: Workers | undefined): Promise<void> {
  if (!w) return;
  await w.b.close();
  await w.a.close();
}

interface ClosingRecord {
  status: string;
  closedAt: Date | null;
  deadline: Date;
  audits: { data: Record<string, unknown>; actorId: string | null }[];
  notifications: { recipientEmail: string; recipientUserId: string; language: string; data: Record<string, unknown> }[];
  jobs: number;
}

async function closingRecord(sql: Sql, id: string): Promise<ClosingRecord> {
  const [row] = await sql(
    `SELECT status, closed_at AS "closedAt", proposal_deadline AS deadline FROM opportunity WHERE id = $1`,
    [id],
  );
  const audits = await sql(
    `SELECT data, actor_id AS "actorId" FROM audit_event WHERE action = 'opportunities.close' AND entity_id = $1`,
    [id],
  );
  const notifications = await sql(
    `SELECT recipient_email AS "recipientEmail", recipient_user_id AS "recipientUserId", language, data
       FROM notification WHERE template = 'opportunity-closed' AND entity_id = $1 ORDER BY recipient_email`,
    [id],
  );
  const [{ jobs }] = await sql(
    `SELECT count(*)::int AS jobs FROM job_outbox
      WHERE name = 'notifications.send' AND payload->>'notificationId' IN (SELECT id::text FROM notification WHERE entity_id = $1)`,
    [id],
  );
  return {
    status: row.status,
    closedAt: row.closedAt,
    deadline: row.deadline,
    audits: audits as ClosingRecord['audits'],
    notifications: notifications as ClosingRecord['notifications'],
    jobs,
  };
}

/** The one state change and the one set of side effects a closing must leave. */
function expectClosedOnce(record: ClosingRecord, w: Workers, reference: string): void {
  expect(record.status).toBe('EVALUATION');
  expect(record.closedAt).toBeInstanceOf(Date);
  expect(record.closedAt!.getTime()).toBeGreaterThanOrEqual(record.deadline.getTime());
  expect(record.audits).toEqual([
    {
      actorId: null,
      data: {
        reference,
        from: 'PUBLISHED',
        to: 'EVALUATION',
        proposalDeadline: record.deadline.toISOString(),
        closedAt: record.closedAt!.toISOString(),
      },
    },
  ]);
  expect(record.notifications.map((n) => [n.recipientEmail, n.recipientUserId, n.language])).toEqual(
    [...w.buyers].sort((x, y) => x.email.localeCompare(y.email)).map((u) => [u.email, u.id, u.language]),
  );
  for (const n of record.notifications)
    expect(n.data).toEqual(expect.objectContaining({ reference, closedAt: record.closedAt!.toISOString() }));
  expect(record.jobs).toBe(w.buyers.length);
}

async function listed(t: TestApp, status: string, id: string): Promise<{ status: string } | undefined> {
  const res = await t.http().get('/api/v1/opportunities').query({ status, pageSize: 100 }).expect(200);
  return (res.body.items as { id: string; status: string }[]).find((i) => i.id === id);
}

const dueByDatabaseClock = (sql: Sql, id: string) =>
  waitFor(
    `the deadline of ${id} (database clock)`,
    async () =>
      (await sql(`SELECT now() >= proposal_deadline AS due FROM opportunity WHERE id = $1`, [id]))[0].due === true,
    {
      timeoutMs: 15_000,
      intervalMs: 20,
    },
  );

describe.each<Driver>(['bullmq', 'inline'])('Closing at the proposal deadline (%s driver)', (driver) => {
  describe('called by two workers at once, before any scheduled sweep', () => {
    let w: Workers;

    beforeAll(async () => {
      w = await startWorkers(driver, NEVER_MS);
    });

    afterAll(async () => {
      await stopWorkers(w);
    });

    it('reads EVALUATION from the deadline on, then closes exactly once', async () => {
      const opp = await seedOpportunity(w.sql, {
        publicBodyId: w.bodyId,
        createdById: w.authorId,
        title: 'Développement d’un module de prise de rendez-vous',
        deadlineIn: '3 seconds',
      });
      expect((await listed(w.a, 'PUBLISHED', opp.id))?.status).toBe('PUBLISHED');
      expect(await listed(w.a, 'EVALUATION', opp.id)).toBeUndefined();

      await dueByDatabaseClock(w.sql, opp.id);
      // No job has run (the stored row is untouched), yet every read says EVALUATION.
      const before = await closingRecord(w.sql, opp.id);
      expect([before.status, before.closedAt, before.audits, before.notifications]).toEqual([
        'PUBLISHED',
        null,
        [],
        [],
      ]);
      expect((await listed(w.b, 'EVALUATION', opp.id))?.status).toBe('EVALUATION');
      expect(await listed(w.a, 'PUBLISHED', opp.id)).toBeUndefined();

      const services = [w.a, w.b].map((t) => t.app.get(OpportunityClosingService));
      const swept = await Promise.all([...services, ...services].map((s) => s.closeDue()));
      expect(swept.reduce((x, y) => x + y, 0)).toBe(1);
      const after = await closingRecord(w.sql, opp.id);
      expectClosedOnce(after, w, opp.reference);

      // Later sweeps and direct calls change nothing.
      expect(
        await Promise.all([...services.map((s) => s.closeDue()), ...services.map((s) => s.close(opp.id))]),
      ).toEqual([0, 0, false, false]);
      expect(await closingRecord(w.sql, opp.id)).toEqual(after);
      expect((await listed(w.a, 'EVALUATION', opp.id))?.status).toBe('EVALUATION');
    });

    it('lets exactly one of many concurrent closings of one opportunity win', async () => {
      const opp = await seedOpportunity(w.sql, {
        publicBodyId: w.bodyId,
        createdById: w.authorId,
        title: 'Refonte du portail citoyen',
        deadlineIn: '-1 minute',
      });
      const services = [w.a, w.b].map((t) => t.app.get(OpportunityClosingService));
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => services[i % 2].close(opp.id)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expectClosedOnce(await closingRecord(w.sql, opp.id), w, opp.reference);
    });

    it('never closes what is not PUBLISHED and due', async () => {
      const future = await seedOpportunity(w.sql, {
        publicBodyId: w.bodyId,
        createdById: w.authorId,
        title: 'Avenir',
        deadlineIn: '2 days',
      });
      const cancelled = await seedOpportunity(w.sql, {
        publicBodyId: w.bodyId,
        createdById: w.authorId,
        title: 'Annulée',
        status: 'CANCELLED',
        deadlineIn: '-2 days',
      });
      const draft = await seedOpportunity(w.sql, {
        publicBodyId: w.bodyId,
        createdById: w.authorId,
        title: 'Brouillon',
        status: 'DRAFT',
        deadlineIn: '-2 days',
      });
      expect(await w.a.app.get(OpportunityClosingService).closeDue()).toBe(0);
      for (const [opp, status] of [
        [future, 'PUBLISHED'],
        [cancelled, 'CANCELLED'],
        [draft, 'DRAFT'],
      ] as const) {
        const record = await closingRecord(w.sql, opp.id);
        expect([record.status, record.audits, record.notifications]).toEqual([status, [], []]);
      }
    });
  });

  describe('swept by the schedule of two workers (and not by an API replica)', () => {
    let w: Workers;
    let api: TestApp;

    beforeAll(async () => {
      w = await startWorkers(driver, OFTEN_MS);
      api = await startTestApp({
        databaseUrl: w.a.database!.url,
        redis: driver === 'bullmq',
        env: { CLOSING_SWEEP_MS: String(OFTEN_MS), BULLMQ_PREFIX: w.prefix, APP_ROLE: 'api' },
      });
    });

    afterAll(async () => {
      await api?.close();
      await stopWorkers(w);
    });

    it('closes once, however many sweeps run after the deadline', async () => {
      const [sa, sb, sapi] = [w.a, w.b, api].map((t) => t.app.get(OpportunityClosingScheduler));
      // A timer in each worker process, with either driver (docs/closing.md).
      expect([sa.mode, sb.mode, sapi.mode]).toEqual(['timer', 'timer', 'none']);

      const opp = await seedOpportunity(w.sql, {
        publicBodyId: w.bodyId,
        createdById: w.authorId,
        title: 'Migration du registre',
        deadlineIn: '2 seconds',
      });
      const closed = await waitFor(
        'the scheduled closing',
        async () => {
          const record = await closingRecord(w.sql, opp.id);
          return record.status === 'EVALUATION' ? record : undefined;
        },
        { timeoutMs: 20_000 },
      );

      // Several more sweeps in both processes, then the same single closing.
      const [a0, b0] = [sa.sweeps, sb.sweeps];
      await waitFor('sweeps in both processes', () => sa.sweeps >= a0 + 2 && sb.sweeps >= b0 + 2, {
        timeoutMs: 20_000,
      });
      const record = await closingRecord(w.sql, opp.id);
      expect(record).toEqual(closed);
      expectClosedOnce(record, w, opp.reference);
      expect(sapi.sweeps).toBe(0);
    });
  });
});
