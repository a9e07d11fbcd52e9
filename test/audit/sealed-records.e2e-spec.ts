import {
  auditEventsFor,
  buyerOfNewPublicBody,
  createAccount,
  createProposal,
  loginAsAdmin,
  OpportunityBody,
  proposalBody,
  publishOpportunity,
  seedVendor,
  Session,
  setDeadlines,
  submitProposal,
} from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Issue 13, medium 4 and low 10 (domain.md §5.1: before the deadline nothing, not even the
 * count; drafts are invisible to all but their organization). An addendum e-mails the members
 * of every vendor holding a proposal (drafts too): before the deadline, neither the e-mail
 * record nor the addendum's audit event may tell admins or auditors who, or how many, they are.
 */
describe('Records that would reveal who bids: e-mail recipients, audit counts, drafts', () => {
  let t: TestApp;
  let admin: Session;
  let auditor: Session;
  let buyer: Session & { publicBodyId: string };
  let opportunity: OpportunityBody;
  let bidder: Session & { vendorId: string };
  let drafter: Session & { vendorId: string };
  let draftId: string;
  let submittedId: string;

  beforeAll(async () => {
    t = await startTestApp({
      redis: false,
      label: 'sealedrec',
      env: { MIN_TENDER_PERIOD_DAYS: '0', QUESTIONS_CLOSE_HOURS: '0', CLOSING_SWEEP_MS: '3600000' },
    });
    admin = await loginAsAdmin(t);
    auditor = await createAccount(t, admin, 'auditor');
    buyer = await buyerOfNewPublicBody(t, admin);
    opportunity = await publishOpportunity(t, { admin, buyer });
    bidder = await seedVendor(t);
    drafter = await seedVendor(t);
    submittedId = (await createProposal(t, bidder, opportunity.id, proposalBody(opportunity, bidder.vendorId))).id;
    await submitProposal(t, bidder, submittedId);
    draftId = (await createProposal(t, drafter, opportunity.id, proposalBody(opportunity, drafter.vendorId))).id;
    await t
      .http()
      .post(`/api/v1/opportunities/${opportunity.id}/addenda`)
      .set(buyer.auth)
      .send({ body: { fr: 'Précision sur le livrable.' }, affectsPrice: false })
      .expect(201);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  const addendumMails = async (reader: Session) => {
    const res = await t
      .http()
      .get('/api/v1/notifications')
      .query({ entityId: opportunity.id, pageSize: 100 })
      .set(reader.auth)
      .expect(200);
    return res.body as { total: number; items: { template: string; recipientUserId: string | null }[] };
  };

  it('before the deadline, admins and auditors see neither the recipients nor the count of addendum e-mails', async () => {
    const queued = await t.dataSource.query(
      `SELECT recipient_user_id FROM notification WHERE entity_id = $1 AND template = 'opportunity-addendum'`,
      [opportunity.id],
    );
    expect(queued.map((r: { recipient_user_id: string }) => r.recipient_user_id).sort()).toEqual(
      [bidder.userId, drafter.userId].sort(),
    ); // the e-mails themselves do go out
    for (const reader of [admin, auditor]) {
      const page = await addendumMails(reader);
      expect(page.items.filter((i) => i.template === 'opportunity-addendum')).toEqual([]);
      expect(JSON.stringify(page)).not.toContain(bidder.userId);
      expect(JSON.stringify(page)).not.toContain(drafter.userId);
      const [event] = (await auditEventsFor(t, reader, opportunity.id)).filter(
        (e) => e.action === 'opportunities.addendum',
      );
      expect(event.data).not.toHaveProperty('notified');
      expect(event.data.sealed).toEqual(['notified']);
    }
  });

  it('after the deadline the count is theirs (§5.1 "number"); a never-submitted draft still names nobody', async () => {
    await setDeadlines(t, opportunity.id, { questions: '-2 seconds', proposal: '-1 second' });
    for (const reader of [admin, auditor]) {
      const page = await addendumMails(reader);
      expect(page.items.filter((i) => i.template === 'opportunity-addendum')).toHaveLength(2);
      const [event] = (await auditEventsFor(t, reader, opportunity.id)).filter(
        (e) => e.action === 'opportunities.addendum',
      );
      expect(event.data.notified).toBe(2);

      const draftEvents = await auditEventsFor(t, reader, draftId);
      expect(draftEvents.map((e) => e.action)).toContain('proposals.create');
      for (const e of draftEvents) {
        expect(e.actorId).toBeNull();
        expect(JSON.stringify(e)).not.toContain(drafter.vendorId);
        expect(JSON.stringify(e)).not.toContain(drafter.userId);
      }
    }
    // The tendered proposal's events still say who submitted it, to auditors.
    const submitted = await auditEventsFor(t, auditor, submittedId);
    expect(submitted.find((e) => e.action === 'proposals.submit')?.data.vendorId).toBe(bidder.vendorId);
  });
});
