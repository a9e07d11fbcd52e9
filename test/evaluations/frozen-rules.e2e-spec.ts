import { appointCommittee, closeAndEvaluate, passDeadline, submitProposals } from '../support/evaluation-story';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Issue 9, bug 2: QUALITY_THRESHOLD is used, and the rule settings are frozen on the
 * opportunity at its publication (docs/evaluation.md, "Settings frozen at publication").
 * Two replicas share one database, one configured with a threshold of 75, the other with the
 * default 70: a tender is judged by the threshold of the replica that published it, whichever
 * replica evaluates it. A proposal at Q 72.00 (72 on every criterion) is the witness.
 */
describe('Quality threshold and settings frozen at publication', () => {
  let strict: TestApp; // QUALITY_THRESHOLD=75
  let usual: TestApp; // default 70
  const env = { MIN_TENDER_PERIOD_DAYS: '0', QUESTIONS_CLOSE_HOURS: '0', CLOSING_SWEEP_MS: '3600000' };
  const bids = [
    { priceCents: 4_000_000, consensus: [72, 72, 72] },
    { priceCents: 5_000_000, consensus: [90, 90, 90] },
  ];

  beforeAll(async () => {
    strict = await startTestApp({ redis: false, label: 'frozenrules', env: { ...env, QUALITY_THRESHOLD: '75' } });
    usual = await startTestApp({ redis: false, databaseUrl: strict.database!.url, env });
  }, 60_000);

  afterAll(async () => {
    await usual?.close();
    await strict?.close();
  });

  const outcomeOf = (ranking: Awaited<ReturnType<typeof closeAndEvaluate>>, proposalId: string) =>
    ranking.items.find((i) => i.proposalId === proposalId)!;

  it('published under 75: Q 72 is NOT_ACCEPTABLE, even when a replica configured with 70 evaluates it', async () => {
    const tender = await submitProposals(strict, bids);
    const [{ quality_threshold }] = await strict.dataSource.query(
      `SELECT quality_threshold FROM opportunity WHERE id = $1`,
      [tender.opportunity.id],
    );
    expect(quality_threshold).toBe(75);
    await appointCommittee(usual, tender);
    await passDeadline(usual, tender);
    const ranking = await closeAndEvaluate(usual, tender);
    expect(outcomeOf(ranking, tender.bidders[0].proposalId)).toMatchObject({
      qualityScore: '72.00',
      acceptable: false,
      rank: null,
    });
    expect(outcomeOf(ranking, tender.bidders[1].proposalId)).toMatchObject({ acceptable: true, rank: 1 });
    const [row] = await usual.dataSource.query(`SELECT status FROM proposal WHERE id = $1`, [
      tender.bidders[0].proposalId,
    ]);
    expect(row.status).toBe('NOT_ACCEPTABLE');
  }, 120_000);

  it('published under 70: Q 72 is acceptable and ranked, even when a replica configured with 75 evaluates it', async () => {
    const tender = await submitProposals(usual, bids);
    await appointCommittee(strict, tender);
    await passDeadline(strict, tender);
    const ranking = await closeAndEvaluate(strict, tender);
    // Acceptable, cheaper but of lower quality: 4 000 000 × 3000 / (3000 + 30 × 2) = 3 921 568.63 → rank 1.
    expect(outcomeOf(ranking, tender.bidders[0].proposalId)).toMatchObject({
      qualityScore: '72.00',
      acceptable: true,
      rank: 1,
    });
  }, 120_000);

  it('the committee minimum is the one frozen at publication', async () => {
    const tender = await submitProposals(usual, bids.slice(0, 1)); // COMMITTEE_MIN_EVALUATORS = 3 frozen
    const picky = await startTestApp({
      redis: false,
      databaseUrl: strict.database!.url,
      env: { ...env, COMMITTEE_MIN_EVALUATORS: '5' },
    });
    try {
      await appointCommittee(picky, tender); // three evaluators: enough under the frozen 3
      const view = await picky
        .http()
        .get(`/api/v1/opportunities/${tender.opportunity.id}/committee`)
        .set(tender.buyer.auth)
        .expect(200);
      expect(view.body).toMatchObject({ minEvaluators: 3, evaluationBlocked: false });
    } finally {
      await picky.close();
    }
  }, 120_000);
});
