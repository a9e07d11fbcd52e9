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

  const flags = (res: { body: { evaluators: { id: string; recused: boolean | null }[] } }) =>
    Object.fromEntries(res.body.evaluators.map((e) => [e.id, e.recused]));

  it('after the deadline, readers given only the number see no recusal: neither by conflict nor by membership', async () => {
    // The external evaluator has since joined the bidding vendor: recused by membership (§6).
    const [byConflict, byDraftConflict, byMembership] = tender.evaluators;
    await t.dataSource.query(`INSERT INTO vendor_membership (vendor_id, user_id, role) VALUES ($1, $2, 'member')`, [
      tender.bidders[0].vendorId,
      byMembership.userId,
    ]);
    await passDeadline(t, tender);
    // Owning buyers outside the committee and admins know the number of proposals only (§5.1):
    // a recusal would tell which vendor bid (admins read every vendor's members).
    for (const reader of [tender.admin, tender.buyer, tender.secretary /* not signed yet */]) {
      const res = await committee(reader);
      expect(Object.values(flags(res))).toEqual([null, null, null]);
      expect(res.body.evaluationBlocked).toBeNull();
    }
    // Auditors read who bid once the call is closed; the secretary once in standing.
    const expected = { [byConflict.userId]: true, [byDraftConflict.userId]: false, [byMembership.userId]: true };
    expect(flags(await committee(auditor))).toEqual(expected);
    expect((await routes.declare(tender.secretary, tender.opportunity.id)).body.recused).toBe(false);
    const seen = await committee(tender.secretary);
    expect(flags(seen)).toEqual(expected);
    expect(seen.body.evaluationBlocked).toBe(true); // one evaluator left, the minimum is more
    // The recused member is told, about themselves only.
    const late = await routes.declare(byMembership, tender.opportunity.id);
    expect(late.body.recused).toBe(true);
    // The admin's audit log names no conflict either.
    const events = await declarations(tender.admin);
    expect(events).toHaveLength(4);
    for (const e of events) {
      expect(e.data).not.toHaveProperty('conflictVendorIds');
      expect(e.data).not.toHaveProperty('recused');
      expect(e.data.sealed).toEqual(expect.arrayContaining(['conflictVendorIds', 'recused']));
    }
    // Auditors read the proposals' content once the call is closed (§5.1): the conflicts too.
    const audited = await declarations(auditor);
    expect(audited.map((e) => JSON.stringify(e.data.conflictVendorIds)).sort()).toEqual(
      [[tender.bidders[0].vendorId], [draftOnly.vendorId], [], []].map((v) => JSON.stringify(v)).sort(),
    );
  });

  it('after the award, admins and owning buyers see the recusals', async () => {
    await t.dataSource.query(`UPDATE opportunity SET status = 'AWARDED' WHERE id = $1`, [tender.opportunity.id]);
    const [byConflict, byDraftConflict, byMembership] = tender.evaluators;
    const expected = { [byConflict.userId]: true, [byDraftConflict.userId]: false, [byMembership.userId]: true };
    expect(flags(await committee(tender.admin))).toEqual(expected);
    expect(flags(await committee(tender.buyer))).toEqual(expected);
  });
});
