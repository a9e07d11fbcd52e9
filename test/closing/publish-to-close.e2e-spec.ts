import { OpportunityClosingService } from '../../src/opportunities/closing/opportunity-closing.service';
import { SmtpSink } from '../support/smtp-sink';
import {
  buyerOfNewPublicBody,
  createAccount,
  dbNow,
  dbTimeIn,
  loginAsAdmin,
  publishOpportunity,
  registerVendor,
  Session,
} from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

/**
 * The closing story end to end (issue: "publishes with a deadline a few seconds away … reads
 * as closed right after the deadline, before any job ran, and the closing job, with two
 * workers running, produces one state change, one audit event and one set of e-mails").
 */
describe('From publication to closing, with two workers', () => {
  const env = { MIN_TENDER_PERIOD_DAYS: '0', QUESTIONS_CLOSE_HOURS: '0', CLOSING_SWEEP_MS: '3600000' };
  let smtp: SmtpSink;
  let a: TestApp;
  let b: TestApp;
  let admin: Session;
  let buyer: Session & { publicBodyId: string };

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    a = await startTestApp({ label: 'publishclose', env: { ...env, SMTP_URL: smtp.url } });
    b = await startTestApp({
      databaseUrl: a.config.DATABASE_URL,
      env: { ...env, SMTP_URL: smtp.url, BULLMQ_PREFIX: a.config.BULLMQ_PREFIX },
    });
    admin = await loginAsAdmin(a);
    buyer = await buyerOfNewPublicBody(a, admin);
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
    await smtp?.close();
  });

  it('reads as closed at the deadline before any job, then closes once with one audit event and one e-mail per buyer and committee member', async () => {
    const vendor = await registerVendor(a);
    const published = await publishOpportunity(
      a,
      { admin, buyer },
      { proposalDeadline: await dbTimeIn(a, '4 seconds') },
    );
    expect(published.status).toBe('PUBLISHED');
    // An external evaluator already on the committee (appointed directly in the database here).
    const evaluator = await createAccount(a, admin, 'evaluator');
    await a.dataSource.query(
      `INSERT INTO committee_member (opportunity_id, user_id, role, appointed_by_id) VALUES ($1, $2, 'evaluator', $3)`,
      [published.id, evaluator.userId, buyer.userId],
    );
    const deadline = new Date(published.proposalDeadline as string);

    await waitFor('the database clock to pass the deadline', async () => (await dbNow(a)) >= deadline, {
      timeoutMs: 15_000,
    });

    // Before any closing job ran: stored status still PUBLISHED, every read says closed.
    const [stored] = await a.dataSource.query(`SELECT status, closed_at FROM opportunity WHERE id = $1`, [
      published.id,
    ]);
    expect(stored).toEqual({ status: 'PUBLISHED', closed_at: null });
    const read = await a.http().get(`/api/v1/opportunities/${published.id}`).set(vendor.auth).expect(200);
    expect(read.body.status).toBe('EVALUATION');
    const listed = await b
      .http()
      .get('/api/v1/opportunities')
      .query({ status: 'PUBLISHED', pageSize: 100 })
      .expect(200);
    expect(listed.body.items.map((i: { id: string }) => i.id)).not.toContain(published.id);
    const question = await a
      .http()
      .post(`/api/v1/opportunities/${published.id}/questions`)
      .set(vendor.auth)
      .send({ question: 'Encore ouvert ?' });
    expect(question.status).toBe(409);

    // Both workers sweep at once.
    await Promise.all([
      a.app.get(OpportunityClosingService).closeDue(),
      b.app.get(OpportunityClosingService).closeDue(),
    ]);

    const [closed] = await a.dataSource.query(`SELECT status, closed_at FROM opportunity WHERE id = $1`, [
      published.id,
    ]);
    expect(closed.status).toBe('EVALUATION');
    expect(closed.closed_at).not.toBeNull();
    const audits = await a.dataSource.query(
      `SELECT seq FROM audit_event WHERE action = 'opportunities.close' AND entity_id = $1`,
      [published.id],
    );
    expect(audits).toHaveLength(1);

    const mail = await smtp.waitForMail((m) => m.to.includes(buyer.email), 15_000);
    expect(mail.subject).toContain(published.reference as string);
    const toCommittee = await smtp.waitForMail((m) => m.to.includes(evaluator.email), 15_000);
    expect(toCommittee.subject).toContain(published.reference as string);
    await waitFor('the closing notification to be sent', async () => {
      const rows = await a.dataSource.query(
        `SELECT status FROM notification WHERE template = 'opportunity-closed' AND entity_id = $1`,
        [published.id],
      );
      return rows.length === 2 && rows.every((r: { status: string }) => r.status === 'sent');
    });
    // A later sweep by either worker changes nothing and sends nothing more.
    await a.app.get(OpportunityClosingService).closeDue();
    await b.app.get(OpportunityClosingService).closeDue();
    await a.relay.flush();
    expect(smtp.mailsTo(buyer.email).filter((m) => m.subject.includes(published.reference as string))).toHaveLength(1);
    const auditsAfter = await a.dataSource.query(
      `SELECT seq FROM audit_event WHERE action = 'opportunities.close' AND entity_id = $1`,
      [published.id],
    );
    expect(auditsAfter).toHaveLength(1);
  });
});
