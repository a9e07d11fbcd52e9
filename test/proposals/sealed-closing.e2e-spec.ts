import { OpportunityClosingService } from '../../src/opportunities/closing/opportunity-closing.service';
import { seedOpportunity, sqlOf, Sql } from '../support/opportunity-seed';
import { seedProposal } from '../support/proposal-seed';
import {
  buyerOfNewPublicBody,
  createVendorOrganization,
  loginAsAdmin,
  notificationsAbout,
  registerVendor,
  Session,
} from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';

/** Closing opens the evaluation of submitted proposals; bidders hear of addenda, answers and cancellation. */
describe('Proposals at closing and in call e-mails', () => {
  let t: TestApp;
  let sql: Sql;
  let buyer: Session & { publicBodyId: string };
  const bidders = {} as Record<'draft' | 'submitted' | 'withdrawn', { session: Session; vendorId: string }>;

  beforeAll(async () => {
    t = await startTestApp({ redis: false, label: 'sealed_closing', env: { CLOSING_SWEEP_MS: '3600000' } });
    sql = sqlOf(t.dataSource);
    const admin = await loginAsAdmin(t);
    buyer = await buyerOfNewPublicBody(t, admin);
    for (const kind of ['draft', 'submitted', 'withdrawn'] as const) {
      const session = await registerVendor(t, `Fournisseur ${kind}`);
      bidders[kind] = { session, vendorId: (await createVendorOrganization(t, session)).id };
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  async function opportunityWithBids(deadlineIn: string) {
    const o = await seedOpportunity(sql, {
      publicBodyId: buyer.publicBodyId,
      createdById: buyer.userId,
      title: 'Appel avec soumissions',
      deadlineIn,
      publishedAgo: '20 days',
    });
    const statuses = { draft: 'DRAFT', submitted: 'SUBMITTED', withdrawn: 'WITHDRAWN' } as const;
    const proposals = {} as Record<keyof typeof statuses, string>;
    for (const kind of Object.keys(statuses) as (keyof typeof statuses)[]) {
      const b = bidders[kind];
      proposals[kind] = (
        await seedProposal(sql, {
          opportunityId: o.id,
          vendorId: b.vendorId,
          authorId: b.session.userId,
          status: statuses[kind],
          priceCents: 1_000_000,
        })
      ).id;
    }
    return { id: o.id, proposals };
  }

  const statusOf = async (id: string) =>
    (await sql(`SELECT status FROM proposal WHERE id = $1`, [id]))[0].status as string;

  it('closing turns SUBMITTED proposals UNDER_EVALUATION, once, and leaves drafts and withdrawn ones', async () => {
    const o = await opportunityWithBids('-1 minute');
    const closing = t.app.get(OpportunityClosingService);
    const results = await Promise.all([closing.close(o.id), closing.close(o.id)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await statusOf(o.proposals.submitted)).toBe('UNDER_EVALUATION');
    expect(await statusOf(o.proposals.draft)).toBe('DRAFT');
    expect(await statusOf(o.proposals.withdrawn)).toBe('WITHDRAWN');
    const [{ status }] = await sql(`SELECT status FROM opportunity WHERE id = $1`, [o.id]);
    expect(status).toBe('EVALUATION');
  });

  it('an addendum reaches members of organizations with a draft or submitted proposal, not a withdrawn one', async () => {
    const o = await opportunityWithBids('20 days');
    await t
      .http()
      .post(`/api/v1/opportunities/${o.id}/addenda`)
      .set(buyer.auth)
      .send({ body: { fr: 'Précision sur le livrable.' }, affectsPrice: false })
      .expect(201);
    const recipients = (await notificationsAbout(t, o.id, 'opportunity-addendum')).map((n) => n.recipient_email);
    expect(recipients).toEqual(expect.arrayContaining([bidders.draft.session.email, bidders.submitted.session.email]));
    expect(recipients).not.toContain(bidders.withdrawn.session.email);
    expect(new Set(recipients).size).toBe(recipients.length);
  });

  it('an answer reaches members of organizations with a draft or submitted proposal, not a withdrawn one', async () => {
    const o = await opportunityWithBids('20 days');
    const asker = await registerVendor(t, 'Curieux');
    const asked = await t
      .http()
      .post(`/api/v1/opportunities/${o.id}/questions`)
      .set(asker.auth)
      .send({ question: 'Le code doit-il être bilingue ?' })
      .expect(201);
    await t
      .http()
      .post(`/api/v1/opportunities/${o.id}/questions/${asked.body.id}/answer`)
      .set(buyer.auth)
      .send({ answer: { fr: 'Oui.' } })
      .expect(200);
    const recipients = (await notificationsAbout(t, o.id, 'opportunity-answer')).map((n) => n.recipient_email);
    expect(recipients).toEqual(
      expect.arrayContaining([bidders.draft.session.email, bidders.submitted.session.email, asker.email]),
    );
    expect(recipients).not.toContain(bidders.withdrawn.session.email);
    expect(new Set(recipients).size).toBe(recipients.length);
  });

  it('a cancellation reaches members of organizations with a draft or submitted proposal, not a withdrawn one', async () => {
    const o = await opportunityWithBids('20 days');
    await t
      .http()
      .post(`/api/v1/opportunities/${o.id}/cancel`)
      .set(buyer.auth)
      .send({ reason: 'Besoin réévalué.' })
      .expect(200);
    const recipients = (await notificationsAbout(t, o.id, 'opportunity-cancelled')).map((n) => n.recipient_email);
    expect(recipients.sort()).toEqual([bidders.draft.session.email, bidders.submitted.session.email].sort());
  });
});
