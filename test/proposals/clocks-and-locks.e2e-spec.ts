import { Client } from 'pg';
import { AccessService } from '../../src/common/access/access.service';
import { OpportunityClosingService } from '../../src/opportunities/closing/opportunity-closing.service';
import { findVisibleOpportunity } from '../../src/opportunities/opportunity-locks';
import { IneligibleRegisterService } from '../../src/organizations/ineligible-register.service';
import {
  buyerOfNewPublicBody,
  createDraft,
  createProposal,
  dbNow,
  dbTimeIn,
  expectEnvelope,
  loginAsAdmin,
  nextNeq,
  OpportunityBody,
  proposalBody,
  publishOpportunity,
  seedVendor,
  Session,
  setDeadlines,
  submitForReview,
} from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Issue 9, "tests that must be able to fail": each test here fails on one mutation the suite
 * did not catch (the Node clock for the database's in P2, the proposal writes' share lock
 * dropped, the session's `current_date` for the Montréal day, O4 counted from the draft's
 * creation, the effective status boundary `<=` turned into `<`).
 */
describe('Clocks and locks (PostgreSQL)', () => {
  let t: TestApp;
  let admin: Session;
  let buyer: Session & { publicBodyId: string };

  beforeAll(async () => {
    t = await startTestApp({ redis: false, label: 'clocks', env: { CLOSING_SWEEP_MS: '3600000' } });
    admin = await loginAsAdmin(t);
    buyer = await buyerOfNewPublicBody(t, admin);
  });

  afterAll(async () => {
    jest.useRealTimers();
    await t?.close();
  });

  const submit = (who: Session, id: string) => t.http().post(`/api/v1/proposals/${id}/submit`).set(who.auth);

  /** Moves the proposal deadline 1.5 s ahead (database clock) and returns it. */
  async function deadlineIn1500ms(opportunityId: string): Promise<Date> {
    await setDeadlines(t, opportunityId, { proposal: '1500 milliseconds' });
    const [{ deadline }] = await t.dataSource.query(
      `SELECT proposal_deadline AS deadline FROM opportunity WHERE id = $1`,
      [opportunityId],
    );
    return new Date(deadline);
  }

  async function openWithDraft(): Promise<{ o: OpportunityBody; vendor: Session & { vendorId: string }; id: string }> {
    const o = await publishOpportunity(t, { admin, buyer });
    const vendor = await seedVendor(t);
    const draft = await createProposal(t, vendor, o.id, proposalBody(o, vendor.vendorId));
    return { o, vendor, id: draft.id };
  }

  it('P2 uses the database clock: with the Node clock an hour behind, a submission after the deadline is refused', async () => {
    const { o, vendor, id } = await openWithDraft();
    await setDeadlines(t, o.id, { questions: '-2 seconds', proposal: '-1 second' });
    // Node believes the deadline is still 59 minutes away; only Date is faked (timers run).
    jest.useFakeTimers({
      now: Date.now() - 3_600_000,
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'requestAnimationFrame',
        'cancelAnimationFrame',
        'requestIdleCallback',
        'cancelIdleCallback',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    });
    try {
      expect(Date.now()).toBeLessThan(Date.parse(o.proposalDeadline!) - 3_000_000);
      expectEnvelope(await submit(vendor, id).expect(409), 'DEADLINE_PASSED');
    } finally {
      jest.useRealTimers();
    }
    const [row] = await t.dataSource.query(`SELECT status, submitted_at FROM proposal WHERE id = $1`, [id]);
    expect(row).toEqual({ status: 'DRAFT', submitted_at: null });
  });

  it('a submission racing the closing holds it back: the proposal ends UNDER_EVALUATION, never SUBMITTED in a closed tender', async () => {
    const { o, vendor, id } = await openWithDraft();
    const deadline = await deadlineIn1500ms(o.id);
    // A second connection holds the proposal row: the submission takes the opportunity's share
    // lock (before the deadline), then waits on the row.
    const holder = new Client({ connectionString: t.database!.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT 1 FROM proposal WHERE id = $1 FOR UPDATE`, [id]);
      const submission = submit(vendor, id).then((r) => r);
      await new Promise((resolve) => setTimeout(resolve, 400));
      // The deadline passes; the closing starts and must wait for the submission's share lock.
      while ((await dbNow(t)).getTime() <= deadline.getTime()) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const closing = t.app.get(OpportunityClosingService).close(o.id);
      await new Promise((resolve) => setTimeout(resolve, 400));
      await holder.query('COMMIT');
      const [res, closed] = await Promise.all([submission, closing]);
      expect(res.status).toBe(200);
      expect(closed).toBe(true);
    } finally {
      await holder.end();
    }
    const [row] = await t.dataSource.query(
      `SELECT p.status, o.status AS opportunity FROM proposal p JOIN opportunity o ON o.id = p.opportunity_id WHERE p.id = $1`,
      [id],
    );
    expect(row).toEqual({ status: 'UNDER_EVALUATION', opportunity: 'EVALUATION' });
  });

  it('P2 is decided on arrival: a submission sent before the deadline is accepted even when its account lookup waits past it', async () => {
    const { o, vendor, id } = await openWithDraft();
    const deadline = await deadlineIn1500ms(o.id);
    // A second connection holds the account table: authenticating the submission (the user and
    // session lookup, before the command) waits until after the deadline. The submission's
    // transaction began when the request arrived, so that is the time that decides.
    const holder = new Client({ connectionString: t.database!.url });
    await holder.connect();
    let res: Awaited<ReturnType<typeof submit>>;
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE app_user IN ACCESS EXCLUSIVE MODE');
      const sentAt = await dbNow(t);
      expect(sentAt.getTime()).toBeLessThan(deadline.getTime() - 500);
      const submission = submit(vendor, id).then((r) => r);
      while ((await dbNow(t)).getTime() <= deadline.getTime() + 200) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await holder.query('COMMIT');
      res = await submission;
    } finally {
      await holder.end();
    }
    expect(res.status).toBe(200);
    expect(Date.parse(res.body.submittedAt)).toBeLessThan(deadline.getTime());
    const [row] = await t.dataSource.query(`SELECT status, submitted_at FROM proposal WHERE id = $1`, [id]);
    expect(row.status).toBe('SUBMITTED');
    expect(new Date(row.submitted_at).toISOString()).toBe(res.body.submittedAt);
  });

  it('a request that stops before its command leaves nothing: the early transaction is rolled back and its connection returned', async () => {
    const { o, vendor, id } = await openWithDraft();
    // Refused by validation after authentication, inside the early transaction, or refused
    // authentication: nothing written, and the pool (10 connections) still serves: a connection
    // leaked per request would exhaust it.
    for (let i = 0; i < 12; i += 1) {
      expectEnvelope(await submit(vendor, id).send({ expectedVersion: 'deux' }), 'VALIDATION_FAILED');
      const anonymous = await t.http().post(`/api/v1/proposals/${id}/submit`).set({ Authorization: 'Bearer x' });
      expect(anonymous.status).toBe(401);
    }
    const [row] = await t.dataSource.query(`SELECT status, version FROM proposal WHERE id = $1`, [id]);
    expect(row).toEqual({ status: 'DRAFT', version: 1 });
    const ok = await submit(vendor, id);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'SUBMITTED', version: 2 });
    expect(o.status).toBe('PUBLISHED');
  });

  it.each(['Pacific/Kiritimati', 'Pacific/Pago_Pago'])(
    'the ineligible register’s "today" is the Montréal day, whatever the session time zone (%s)',
    async (zone) => {
      const now = await dbNow(t);
      const montrealDay = (offsetDays: number) =>
        new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Montreal' }).format(
          new Date(now.getTime() + offsetDays * 86_400_000),
        );
      const today = nextNeq();
      const endedYesterday = nextNeq();
      const startsTomorrow = nextNeq();
      await t.dataSource.query(
        `INSERT INTO ineligible_enterprise (neq, name, effective_from, effective_to)
         VALUES ($1, 'Aujourd’hui seulement', $4, $4), ($2, 'Fini hier', $5, $5), ($3, 'Demain', $6, NULL)`,
        [today, endedYesterday, startsTomorrow, montrealDay(0), montrealDay(-1), montrealDay(1)],
      );
      const register = t.app.get(IneligibleRegisterService);
      await t.dataSource.transaction(async (em) => {
        await em.query(`SET LOCAL TimeZone = '${zone}'`);
        expect(await register.isIneligible(em, today)).not.toBeNull();
        expect(await register.isIneligible(em, endedYesterday)).toBeNull();
        expect(await register.isIneligible(em, startsTomorrow)).toBeNull();
      });
    },
  );

  it('O4 counts the tender period from the publication, not from the draft’s creation', async () => {
    const draft = await createDraft(t, buyer, { proposalDeadline: await dbTimeIn(t, '10 days') });
    await t.dataSource.query(`UPDATE opportunity SET created_at = now() - interval '20 days' WHERE id = $1`, [
      draft.id,
    ]);
    await submitForReview(t, buyer, draft.id);
    const res = await t.http().post(`/api/v1/opportunities/${draft.id}/publish`).set(admin.auth).expect(422);
    expectEnvelope(res, 'DEADLINE_TOO_SOON');
    expect(res.body.error.details.minTenderPeriodDays).toBe(15);
  });

  it('a deadline exactly at now() is passed: EVALUATION, and the count is public', async () => {
    const { o } = await openWithDraft();
    await t.dataSource.transaction(async (em) => {
      // now() is the transaction's: the deadline equals it exactly.
      await em.query(`UPDATE opportunity SET proposal_deadline = now() WHERE id = $1`, [o.id]);
      expect((await findVisibleOpportunity(em, null, o.id)).status).toBe('EVALUATION');
      expect(await t.app.get(AccessService).proposalCount(em, null, o.id)).toBe(0);
      await em.query(`UPDATE opportunity SET proposal_deadline = now() + interval '1 millisecond' WHERE id = $1`, [
        o.id,
      ]);
      expect((await findVisibleOpportunity(em, null, o.id)).status).toBe('PUBLISHED');
      expect(await t.app.get(AccessService).proposalCount(em, null, o.id)).toBeNull();
    });
  });
});
