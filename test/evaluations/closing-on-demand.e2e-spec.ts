import { evaluationApi } from '../support/evaluation-api';
import { appointCommittee, closeAndEvaluate, passDeadline, submitProposals, Tender } from '../support/evaluation-story';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Issue 9, bug 1 (domain.md §4.1: correctness never depends on a job running on time). With
 * the closing sweep set to one hour, nothing materialises the closing after the deadline but
 * the commands themselves: right after it, the whole evaluation and the award run at once
 * over HTTP, each command closing the tender in its own transaction first (EvaluationLock).
 */
describe.each([
  ['PostgreSQL and Redis', { redis: true }],
  ['the embedded default (PGlite, no Redis)', { embedded: true }],
])('Evaluation right after the deadline, the closing sweep an hour away, on %s', (_label, options) => {
  let t: TestApp;
  let tender: Tender;

  beforeAll(async () => {
    t = await startTestApp({
      ...options,
      label: 'closingnow',
      env: { MIN_TENDER_PERIOD_DAYS: '0', QUESTIONS_CLOSE_HOURS: '0', CLOSING_SWEEP_MS: '3600000' },
    });
    tender = await submitProposals(t, [
      { priceCents: 5_000_000, consensus: [90, 90, 90] },
      { priceCents: 4_500_000, consensus: [75, 75, 75] },
    ]);
    await appointCommittee(t, tender);
    await passDeadline(t, tender);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  const stored = async () =>
    (await t.dataSource.query(
      `SELECT o.status, array_agg(p.status ORDER BY p.id) AS proposals
         FROM opportunity o JOIN proposal p ON p.opportunity_id = o.id WHERE o.id = $1 GROUP BY o.status`,
      [tender.opportunity.id],
    )) as { status: string; proposals: string[] }[];

  it('scores, consensus, lock and award succeed before any sweep; the closing happened once, by the system', async () => {
    // Nothing has run yet: the rows still say PUBLISHED / SUBMITTED.
    expect(await stored()).toEqual([{ status: 'PUBLISHED', proposals: ['SUBMITTED', 'SUBMITTED'] }]);

    const ranking = await closeAndEvaluate(t, tender);
    const first = ranking.items.find((i) => i.rank === 1)!;
    expect(first.proposalId).toBe(tender.bidders[0].proposalId);

    const api = evaluationApi(() => t);
    const awarded = await api.award(tender.buyer, tender.opportunity.id, { proposalId: first.proposalId }).expect(200);
    expect(awarded.body.contractId).toEqual(expect.any(String));

    const [row] = await stored();
    expect(row.status).toBe('AWARDED');
    expect([...row.proposals].sort()).toEqual(['AWARDED', 'NOT_AWARDED']);
    const closings = (await t.dataSource.query(
      `SELECT actor_id FROM audit_event WHERE action = 'opportunities.close' AND entity_id = $1`,
      [tender.opportunity.id],
    )) as { actor_id: string | null }[];
    expect(closings).toEqual([{ actor_id: null }]);
    const underEvaluation = (await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE action = 'proposals.under-evaluation' AND entity_id = $1`,
      [tender.opportunity.id],
    )) as { n: number }[];
    expect(underEvaluation[0].n).toBe(1);
  }, 120_000);

  it('one contract per opportunity stands behind the row locks: a second one inserted directly is 23505', async () => {
    const [contract] = await t.dataSource.query(
      `SELECT reference, supplier_id, initial_amount_cents, delivery_due_date, awarded_by_id FROM contract WHERE opportunity_id = $1`,
      [tender.opportunity.id],
    );
    const other = tender.bidders[1];
    await expect(
      t.dataSource.query(
        `INSERT INTO contract (reference, opportunity_id, proposal_id, supplier_id, initial_amount_cents, delivery_due_date, awarded_by_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          `${contract.reference}-B`,
          tender.opportunity.id,
          other.proposalId,
          other.vendorId,
          other.priceCents,
          contract.delivery_due_date,
          contract.awarded_by_id,
        ],
      ),
    ).rejects.toMatchObject({ code: '23505' });
  });
});
