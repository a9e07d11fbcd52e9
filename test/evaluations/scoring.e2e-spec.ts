import { drawWinner } from '../../src/evaluations/ranking/draw';
import { seedOpportunity, sqlOf, Sql } from '../support/opportunity-seed';
import { seedProposal } from '../support/proposal-seed';
import { auditEventsFor, createVendorOrganization, expectEnvelope, registerVendor, Session } from '../support/scenario';
import { evaluationApi } from '../support/evaluation-api';
import { evaluationCast } from '../support/evaluation-story';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Scores, consensus, lock, ranking and draw (domain.md §6). Opportunities are seeded in
 * EVALUATION with proposals UNDER_EVALUATION (as the closing job leaves them); default
 * criteria weigh 40 / 35 (minimum required) / 25, method adjusted_price with K = 30 %.
 */
describe('Evaluation: scores, consensus, lock, ranking, draw (domain.md §6)', () => {
  let t: TestApp;
  let sql: Sql;
  let admin: Session;
  let owning: Session & { publicBodyId: string };
  let secretary: Session;
  let colleague1: Session;
  let colleague2: Session;
  let colleague3: Session;
  let external: Session;
  let auditor: Session;
  let otherBuyer: Session;
  let vendors: { session: Session; id: string }[];

  const api = (path: string) => `/api/v1${path}`;
  const { putScores, getScores, putConsensus, lock, ranking, draw, declare } = evaluationApi(() => t);

  async function criteriaOf(opportunityId: string): Promise<string[]> {
    return (
      await sql(`SELECT id FROM opportunity_criterion WHERE opportunity_id = $1 ORDER BY position`, [opportunityId])
    ).map((r) => r.id as string);
  }
  const scoresBody = (criteria: string[], values: Array<number | string>) => ({
    scores: criteria.map((criterionId, i) => ({ criterionId, score: values[i], comment: `Commentaire ${i + 1}` })),
  });
  const consensusBody = (criteria: string[], values: Array<number | string>) => ({
    scores: criteria.map((criterionId, i) => ({ criterionId, score: values[i], rationale: `Consensus ${i + 1}` })),
  });

  /** An opportunity in evaluation with one proposal per price (vendor i), and its committee. */
  async function evaluation(prices: number[], evaluatorIds: string[]) {
    const o = await seedOpportunity(sql, {
      publicBodyId: owning.publicBodyId,
      createdById: owning.userId,
      status: 'EVALUATION',
      title: 'Évaluation',
      deadlineIn: '-1 hour',
      publishedAgo: '20 days',
    });
    const proposalIds: string[] = [];
    for (const [i, priceCents] of prices.entries()) {
      proposalIds.push(
        (
          await seedProposal(sql, {
            opportunityId: o.id,
            vendorId: vendors[i].id,
            authorId: vendors[i].session.userId,
            status: 'UNDER_EVALUATION',
            priceCents,
          })
        ).id,
      );
    }
    await t
      .http()
      .put(api(`/opportunities/${o.id}/committee`))
      .set(owning.auth)
      .send({ secretaryId: secretary.userId, evaluatorIds })
      .expect(200);
    return { id: o.id, proposalIds, criteria: await criteriaOf(o.id) };
  }

  beforeAll(async () => {
    t = await startTestApp({ redis: false, label: 'scoring' });
    sql = sqlOf(t.dataSource);
    ({
      admin,
      owning,
      secretary,
      external,
      auditor,
      otherBuyer,
      colleagues: [colleague1, colleague2, colleague3],
    } = await evaluationCast(t));
    vendors = [];
    for (const name of ['Alpha', 'Bêta', 'Gamma']) {
      const session = await registerVendor(t, name);
      vendors.push({ session, id: (await createVendorOrganization(t, session)).id });
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('one opportunity from scores to ranking', () => {
    let o: { id: string; proposalIds: string[]; criteria: string[] };
    let pA: string;
    let pB: string;
    let pC: string;

    beforeAll(async () => {
      o = await evaluation(
        [6_000_000, 5_000_000, 4_000_000],
        [colleague1.userId, colleague2.userId, colleague3.userId, external.userId],
      );
      [pA, pB, pC] = o.proposalIds;
      for (const member of [secretary, colleague1, external]) await declare(member, o.id);
      await declare(colleague3, o.id, [vendors[0].id]); // recused; three evaluators remain
    });

    it('refuses members not in standing, vendors, and buyers outside the committee', async () => {
      const body = scoresBody(o.criteria, [80, 80, 80]);
      expectEnvelope(await putScores(colleague2, pA, body).expect(403), 'DECLARATION_REQUIRED');
      expectEnvelope(await putScores(colleague3, pA, body).expect(403), 'RECUSED');
      expectEnvelope(await putScores(vendors[0].session, pA, body).expect(403), 'FORBIDDEN');
      // The sealed-bid table: a proposal does not exist for a buyer outside the committee.
      expectEnvelope(await putScores(otherBuyer, pA, body).expect(404), 'NOT_FOUND');
      expectEnvelope(await putScores(owning, pA, body).expect(404), 'NOT_FOUND');
      // The secretary records the consensus, not individual scores.
      expectEnvelope(await putScores(secretary, pA, body).expect(403), 'FORBIDDEN');
    });

    it('validates every score with its path (400 VALIDATION_FAILED)', async () => {
      const res = await putScores(colleague1, pA, {
        scores: [
          { criterionId: o.criteria[0], score: 101, comment: 'a' },
          { criterionId: o.criteria[1], score: 85.123, comment: 'b' },
          { criterionId: '00000000-0000-4000-8000-000000000009', score: 80, comment: 'c' },
        ],
      }).expect(400);
      expectEnvelope(res, 'VALIDATION_FAILED');
      expect(res.body.error.details.fields.map((f: { path: string }) => f.path)).toEqual([
        'scores[0].score',
        'scores[1].score',
        'scores[2].criterionId',
        'scores',
      ]);
      expectEnvelope(
        await putScores(colleague1, pA, { scores: [{ criterionId: o.criteria[0], score: 80 }] }).expect(400),
        'VALIDATION_FAILED',
      );
    });

    it('keeps scores blind until the evaluator has submitted; the secretary sees all with averages', async () => {
      const mine = await putScores(colleague1, pA, scoresBody(o.criteria, [80, 90, 70])).expect(200);
      expect(mine.body.items).toHaveLength(3);
      // Replaces the evaluator's own scores.
      await putScores(colleague1, pA, scoresBody(o.criteria, [82, 90, 70.5])).expect(200);

      const before = await getScores(external, pA).expect(200);
      expect(before.body).toMatchObject({ blind: true, items: [], averages: null });

      await putScores(external, pA, scoresBody(o.criteria, [88, 80, '75.5'])).expect(200);
      const after = await getScores(external, pA).expect(200);
      expect(after.body.blind).toBe(false);
      expect(after.body.items).toHaveLength(6);
      expect(new Set(after.body.items.map((i: { evaluatorId: string }) => i.evaluatorId))).toEqual(
        new Set([colleague1.userId, external.userId]),
      );

      const bySecretary = await getScores(secretary, pA).expect(200);
      expect(bySecretary.body.items).toHaveLength(6);
      expect(bySecretary.body.averages).toEqual([
        { criterionId: o.criteria[0], average: '85.00', count: 2 },
        { criterionId: o.criteria[1], average: '85.00', count: 2 },
        { criterionId: o.criteria[2], average: '73.00', count: 2 },
      ]);
    });

    it('freezes the committee once a first score exists', async () => {
      const res = await t
        .http()
        .put(api(`/opportunities/${o.id}/committee`))
        .set(owning.auth)
        .send({ secretaryId: secretary.userId, evaluatorIds: [colleague1.userId, colleague2.userId, external.userId] })
        .expect(409);
      expectEnvelope(res, 'COMMITTEE_FROZEN');
    });

    it('hides prices from evaluators before the lock', async () => {
      const read = await t
        .http()
        .get(api(`/proposals/${pA}`))
        .set(colleague1.auth)
        .expect(200);
      expect(read.body).not.toHaveProperty('priceCents');
      expectEnvelope(await ranking(colleague1, o.id).expect(404), 'NOT_FOUND');
    });

    it('records the consensus and returns Q; validates every criterion', async () => {
      const missing = await putConsensus(secretary, pA, {
        scores: [{ criterionId: o.criteria[0], score: 85, rationale: 'r' }],
      }).expect(400);
      expectEnvelope(missing, 'VALIDATION_FAILED');
      expect(missing.body.error.details.fields.map((f: { path: string }) => f.path)).toEqual([
        `scores[${o.criteria[1]}]`,
        `scores[${o.criteria[2]}]`,
      ]);
      expectEnvelope(
        await putConsensus(colleague1, pA, consensusBody(o.criteria, [85, 85, 85])).expect(403),
        'FORBIDDEN',
      );

      expect((await putConsensus(secretary, pA, consensusBody(o.criteria, [85, 85, 85])).expect(200)).body).toEqual({
        qualityScore: '85.00',
      });
      expect((await putConsensus(secretary, pB, consensusBody(o.criteria, [90, 90, 90])).expect(200)).body).toEqual({
        qualityScore: '90.00',
      });
      const [row] = await sql(`SELECT quality_score::text AS q FROM proposal WHERE id = $1`, [pA]);
      expect(row.q).toBe('85.00');

      const events = (await auditEventsFor(t, auditor, pA)).filter((e) => e.action === 'proposal.consensus');
      expect(events).toHaveLength(1);
      expect(events[0].data.qualityScore).toBe('85.00');
      expect(JSON.stringify(events[0].data)).not.toMatch(/price/i);
      // Admins know the number of proposals only until the award (§5.1): Q and scores sealed.
      const [asAdmin] = (await auditEventsFor(t, admin, pA)).filter((e) => e.action === 'proposal.consensus');
      expect(asAdmin.data).not.toHaveProperty('qualityScore');
      expect(asAdmin.data).not.toHaveProperty('scores');
      expect(asAdmin.data.sealed).toEqual(['qualityScore', 'scores']);
    });

    it('refuses the lock while a proposal has no consensus (409 with its id)', async () => {
      const res = await lock(secretary, o.id).expect(409);
      expectEnvelope(res, 'CONSENSUS_MISSING');
      expect(res.body.error.details.proposalIds).toEqual([pC]);
      expectEnvelope(await lock(colleague1, o.id).expect(403), 'FORBIDDEN');
    });

    it('locks: statuses, adjusted prices, ranks, not-acceptable last', async () => {
      await putConsensus(secretary, pC, consensusBody(o.criteria, [60, 60, 60])).expect(200);
      const res = await lock(secretary, o.id).expect(200);
      expect(res.body).toMatchObject({ method: 'adjusted_price', kPercent: '30.00', tie: false, draw: null });
      expect(res.body.items).toEqual([
        expect.objectContaining({
          proposalId: pB,
          vendorId: vendors[1].id,
          qualityScore: '90.00',
          acceptable: true,
          priceCents: 5_000_000,
          adjustedPriceCents: 4_166_667,
          rank: 1,
        }),
        // domain.md's worked example: 60 000.00 $, Q 85, K 30 % → 52 173.91 $.
        expect.objectContaining({
          proposalId: pA,
          qualityScore: '85.00',
          acceptable: true,
          priceCents: 6_000_000,
          adjustedPriceCents: 5_217_391,
          rank: 2,
        }),
        expect.objectContaining({
          proposalId: pC,
          qualityScore: '60.00',
          acceptable: false,
          priceCents: 4_000_000,
          adjustedPriceCents: null,
          rank: null,
        }),
      ]);
      expect(typeof res.body.items[0].vendorName).toBe('string');
      const statuses = await sql(`SELECT id, status FROM proposal WHERE opportunity_id = $1`, [o.id]);
      expect(Object.fromEntries(statuses.map((r) => [r.id, r.status]))).toEqual({
        [pA]: 'QUALIFIED',
        [pB]: 'QUALIFIED',
        [pC]: 'NOT_ACCEPTABLE',
      });

      const event = (await auditEventsFor(t, auditor, o.id)).find((e) => e.action === 'evaluation.lock');
      // The lock is audited with ranks and scores, never prices; auditors read them after the lock.
      expect(event?.data.proposals).toEqual(
        expect.arrayContaining([expect.objectContaining({ proposalId: pA, qualityScore: '85.00', rank: 2 })]),
      );
      expect(JSON.stringify(event?.data)).not.toContain('6000000');
      // Admins read no Q, no rank before the award.
      const asAdmin = (await auditEventsFor(t, admin, o.id)).find((e) => e.action === 'evaluation.lock');
      expect(asAdmin?.data).not.toHaveProperty('proposals');
      expect(JSON.stringify(asAdmin?.data)).not.toMatch(/85\.00|"rank"/);
    });

    it('refuses every change after the lock (409 SCORES_LOCKED)', async () => {
      expectEnvelope(
        await putScores(colleague1, pB, scoresBody(o.criteria, [80, 80, 80])).expect(409),
        'SCORES_LOCKED',
      );
      expectEnvelope(
        await putConsensus(secretary, pA, consensusBody(o.criteria, [85, 85, 85])).expect(409),
        'SCORES_LOCKED',
      );
      expectEnvelope(
        await t
          .http()
          .post(api(`/proposals/${pB}/disqualify`))
          .set(secretary.auth)
          .send({ reason: 'Trop tard' })
          .expect(409),
        'SCORES_LOCKED',
      );
      expectEnvelope(await lock(secretary, o.id).expect(409), 'SCORES_LOCKED');
    });

    it('opens prices to the committee after the lock, and the ranking to its readers', async () => {
      const read = await t
        .http()
        .get(api(`/proposals/${pA}`))
        .set(colleague1.auth)
        .expect(200);
      expect(read.body.priceCents).toBe(6_000_000);
      for (const reader of [colleague1, external, owning, auditor]) {
        expect((await ranking(reader, o.id).expect(200)).body.items).toHaveLength(3);
      }
      // Admins know the number only until the award (§5.1).
      expectEnvelope(await ranking(admin, o.id).expect(403), 'FORBIDDEN');
      // §5.1 after the lock: the committee and auditors see scores and prices; owning buyers
      // outside the committee see ranks only until the award (they award rank 1).
      for (const reader of [colleague1, auditor]) {
        expect(
          (await ranking(reader, o.id)).body.items.find((i: { proposalId: string }) => i.proposalId === pA).priceCents,
        ).toBe(6_000_000);
      }
      for (const reader of [owning]) {
        const items = (await ranking(reader, o.id)).body.items as Record<string, unknown>[];
        for (const item of items)
          expect(item).toMatchObject({ priceCents: null, adjustedPriceCents: null, qualityScore: null });
        expect(JSON.stringify(items)).not.toContain('6000000');
      }
      const lockEvent = await t.dataSource.query(
        `SELECT data FROM audit_event WHERE action = 'evaluation.lock' AND entity_id = $1`,
        [o.id],
      );
      expect(JSON.stringify(lockEvent)).not.toContain('6000000');
      expectEnvelope(await ranking(colleague2, o.id).expect(403), 'DECLARATION_REQUIRED');
      expectEnvelope(await ranking(colleague3, o.id).expect(403), 'RECUSED');
      expectEnvelope(await ranking(otherBuyer, o.id).expect(403), 'FORBIDDEN');
      expectEnvelope(await ranking(vendors[0].session, o.id).expect(403), 'FORBIDDEN');
    });

    it('refuses a draw without a tie (409 AWARD_NOT_ALLOWED)', async () => {
      expectEnvelope(await draw(secretary, o.id).expect(409), 'AWARD_NOT_ALLOWED');
    });
  });

  describe('a tie to the cent, broken by a draw', () => {
    let o: { id: string; proposalIds: string[]; criteria: string[] };

    beforeAll(async () => {
      o = await evaluation([5_000_000, 5_000_000, 4_500_000], [colleague1.userId, colleague2.userId, external.userId]);
      for (const member of [secretary, colleague1, colleague2, external]) await declare(member, o.id);
    });

    it('disqualifies with a reason, ranks a tie, draws once, and the record recomputes', async () => {
      expectEnvelope(await draw(secretary, o.id).expect(409), 'AWARD_NOT_ALLOWED');
      const [p1, p2, p3] = o.proposalIds;
      const dq = await t
        .http()
        .post(api(`/proposals/${p3}/disqualify`))
        .set(secretary.auth)
        .send({ reason: 'Attestation fausse' })
        .expect(200);
      expect(dq.body).toEqual({ proposalId: p3, status: 'DISQUALIFIED', reason: 'Attestation fausse' });
      for (const p of [p1, p2]) await putConsensus(secretary, p, consensusBody(o.criteria, [88, 88, 88])).expect(200);

      const locked = await lock(secretary, o.id).expect(200);
      expect(locked.body.tie).toBe(true);
      expect(locked.body.items.map((i: { proposalId: string; rank: number }) => [i.proposalId, i.rank]).sort()).toEqual(
        [
          [p1, 1],
          [p2, 1],
        ].sort(),
      );

      const res = await draw(secretary, o.id).expect(200);
      expect(res.body.candidates).toEqual([p1, p2].sort());
      expect(res.body.seed).toMatch(/^[0-9a-f]{64}$/);
      const [stored] = await sql(
        `SELECT seed, algorithm, candidates::text[] AS candidates, winner_proposal_id FROM evaluation_draw WHERE opportunity_id = $1`,
        [o.id],
      );
      expect(stored.winner_proposal_id).toBe(res.body.winnerProposalId);
      expect(drawWinner(stored.seed, stored.candidates).winnerId).toBe(stored.winner_proposal_id);
      expect(stored.algorithm).toBe(res.body.algorithm);

      expectEnvelope(await draw(secretary, o.id).expect(409), 'CONFLICT');
      const after = await ranking(auditor, o.id).expect(200);
      expect(after.body.tie).toBe(false);
      expect(after.body.draw).toMatchObject({ seed: res.body.seed, winnerProposalId: res.body.winnerProposalId });
      const event = (await auditEventsFor(t, auditor, o.id)).find((e) => e.action === 'evaluation.draw');
      expect(event?.data).toMatchObject({
        seed: res.body.seed,
        candidates: res.body.candidates,
        winnerProposalId: res.body.winnerProposalId,
      });
    });
  });

  it('blocks scoring when too few evaluators remain (409 EVALUATION_BLOCKED)', async () => {
    const o = await evaluation([5_000_000], [colleague1.userId, colleague2.userId, external.userId]);
    await declare(colleague1, o.id);
    await declare(colleague2, o.id, [vendors[0].id]);
    expectEnvelope(
      await putScores(colleague1, o.proposalIds[0], scoresBody(o.criteria, [80, 80, 80])).expect(409),
      'EVALUATION_BLOCKED',
    );
  });
});
