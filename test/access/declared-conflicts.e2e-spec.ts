import { evaluationApi } from '../support/evaluation-api';
import { appointCommittee, passDeadline, submitProposals, Tender } from '../support/evaluation-story';
import { auditEventsFor, createAccount, createProposal, proposalBody, seedVendor, Session } from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Declared conflicts and the committee's `recused` flags (domain.md §5.1, §6; issue 13,
 * findings 5 and "recused × conflicts"). Before the deadline no answer, flag or audit datum
 * depends on another vendor's proposal. After it, a reader who may not know who bid (admins
 * until the award) must not be able to combine a member's `recused` flag with the vendors that
 * member declared: the declaration's conflicts (and its `recused`) are sealed in the audit log
 * like the proposals' content.
 */
describe('Declared conflicts cannot reveal who bid', () => {
  let t: TestApp;
  let tender: Tender;
  let auditor: Session;
  let draftOnly: Session & { vendorId: string };
  const routes = evaluationApi(() => t);

  const committee = (who: Session) =>
    t.http().get(`/api/v1/opportunities/${tender.opportunity.id}/committee`).set(who.auth).expect(200);
  const declarations = async (reader: Session) =>
    (await auditEventsFor(t, reader, tender.opportunity.id)).filter((e) => e.action === 'committee.declaration.sign');

  beforeAll(async () => {
    t = await startTestApp({ label: 'conflicts', redis: false });
    tender = await appointCommittee(t, await submitProposals(t, [{ priceCents: 5_000_000, consensus: [80, 80, 80] }]));
    auditor = await createAccount(t, tender.admin, 'auditor');
    // A vendor with a draft only: it has not bid.
    draftOnly = await seedVendor(t);
    await createProposal(
      t,
      draftOnly,
      tender.opportunity.id,
      proposalBody(tender.opportunity, draftOnly.vendorId, { priceCents: 4_000_000 }),
    );
  });

  afterAll(async () => {
    await t?.close();
  });

  it('before the deadline, a conflict with a bidder and one with a draft-only vendor answer alike', async () => {
    const [bidderConflict, draftConflict] = tender.evaluators;
    const a = await routes.declare(bidderConflict, tender.opportunity.id, [tender.bidders[0].vendorId]);
    const b = await routes.declare(draftConflict, tender.opportunity.id, [draftOnly.vendorId]);
    expect(a.body.recused).toBe(false);
    expect(b.body.recused).toBe(false);
    for (const reader of [tender.buyer, tender.admin, tender.secretary]) {
      const res = await committee(reader);
      expect(res.body.evaluators.map((e: { recused: boolean }) => e.recused)).toEqual([false, false, false]);
      expect(res.body.evaluationBlocked).toBe(false);
    }
    // The audit events are the same shape for both: nothing tells the bidder from the draft.
    for (const reader of [tender.admin, auditor]) {
      const events = await declarations(reader);
      expect(events).toHaveLength(2);
      for (const e of events) {
        expect(e.data).not.toHaveProperty('conflictVendorIds');
        expect(e.data).not.toHaveProperty('recused');
      }
    }
  });

  it('after the deadline, admins see the recused flag but never the conflicts it would explain', async () => {
    await passDeadline(t, tender);
    const res = await committee(tender.admin);
    const recused = res.body.evaluators.filter((e: { recused: boolean }) => e.recused);
    expect(recused.map((e: { id: string }) => e.id)).toEqual([tender.evaluators[0].userId]);
    const late = await routes.declare(tender.secretary, tender.opportunity.id, [tender.bidders[0].vendorId]);
    expect(late.body.recused).toBe(true); // the member is told (they read the proposals anyway)
    const events = await declarations(tender.admin);
    expect(events).toHaveLength(3);
    for (const e of events) {
      expect(e.data).not.toHaveProperty('conflictVendorIds');
      expect(e.data).not.toHaveProperty('recused');
      expect(e.data.sealed).toEqual(expect.arrayContaining(['conflictVendorIds', 'recused']));
    }
    // Auditors read the proposals' content once the call is closed (§5.1): the conflicts too.
    const audited = await declarations(auditor);
    expect(audited.map((e) => e.data.conflictVendorIds).sort()).toEqual(
      [[tender.bidders[0].vendorId], [draftOnly.vendorId], [tender.bidders[0].vendorId]].sort(),
    );
  });
});
