import { evaluationApi } from '../support/evaluation-api';
import { appointCommittee, closeAndEvaluate, passDeadline, submitProposals, Tender } from '../support/evaluation-story';
import { auditEventsFor, createAccount, Session } from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Issue 13, finding 8: the audit log applies the sealed-bid table to event data. Admins know
 * the number of proposals only until the award (§5.1): every evaluator's individual scores,
 * the consensus and Q stay out of what they read until then; auditors read them once the call
 * is closed. Each assertion fails if the matching SEALED_AUDIT_DATA entry is removed.
 */
describe('Individual and consensus scores in the audit log (domain.md §5.1, §8)', () => {
  let t: TestApp;
  let tender: Tender;
  let auditor: Session;
  const routes = evaluationApi(() => t);

  const scoreEvents = async (reader: Session, proposalId: string) =>
    (await auditEventsFor(t, reader, proposalId)).filter(
      (e) => e.action === 'proposal.scores.submit' || e.action === 'proposal.consensus',
    );

  beforeAll(async () => {
    t = await startTestApp({ label: 'audit-scores', redis: false });
    tender = await appointCommittee(
      t,
      await submitProposals(t, [
        { priceCents: 5_000_000, consensus: [91, 87, 83] },
        { priceCents: 4_500_000, consensus: [72, 74, 76] },
      ]),
    );
    auditor = await createAccount(t, tender.admin, 'auditor');
    await passDeadline(t, tender);
    await closeAndEvaluate(t, tender);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('before the award, admins read that scores were given, never the scores', async () => {
    for (const b of tender.bidders) {
      const events = await scoreEvents(tender.admin, b.proposalId);
      expect(events.map((e) => e.action).sort()).toEqual([
        'proposal.consensus',
        'proposal.scores.submit',
        'proposal.scores.submit',
        'proposal.scores.submit',
      ]);
      for (const e of events) {
        expect(e.data).not.toHaveProperty('scores');
        expect(e.data).not.toHaveProperty('qualityScore');
        expect(e.data.sealed).toEqual(expect.arrayContaining(['scores']));
      }
      expect(JSON.stringify(events)).not.toMatch(/Appréciation/);
    }
  });

  it('auditors read them once the call is closed; admins after the award', async () => {
    const [first] = tender.bidders;
    const audited = await scoreEvents(auditor, first.proposalId);
    const individual = audited.filter((e) => e.action === 'proposal.scores.submit');
    expect(individual).toHaveLength(3);
    for (const e of individual) {
      expect((e.data.scores as { score: unknown }[]).map((s) => Number(s.score))).toEqual([91, 87, 83]);
    }
    const ranking = await routes.ranking(tender.buyer, tender.opportunity.id).expect(200);
    const winner = ranking.body.items.find((i: { rank: number | null }) => i.rank === 1).proposalId;
    await routes.award(tender.buyer, tender.opportunity.id, { proposalId: winner }).expect(200);
    const afterAward = await scoreEvents(tender.admin, first.proposalId);
    expect(afterAward.filter((e) => e.action === 'proposal.scores.submit' && e.data.scores)).toHaveLength(3);
  });
});
