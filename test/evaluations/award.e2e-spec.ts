import { DRAW_ALGORITHM, drawWinner, verifyDraw } from '../../src/evaluations/ranking/draw';
import { seedOpportunity, sqlOf, Sql } from '../support/opportunity-seed';
import { seedProposal } from '../support/proposal-seed';
import { auditEventsFor, createAccount, expectEnvelope, seedVendor, Session, unique } from '../support/scenario';
import { evaluationApi } from '../support/evaluation-api';
import { evaluationCast } from '../support/evaluation-story';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Award and conclusion without award (domain.md §7, api.md "Evaluation and award"), over HTTP
 * on PostgreSQL. Opportunities are seeded in EVALUATION with proposals UNDER_EVALUATION (as the
 * closing job leaves them); the committee, declarations, consensus and lock go through the API.
 * Default criteria weigh 40 / 35 (minimum required) / 25; method adjusted_price, K = 30 %.
 * A consensus of `q` on every criterion gives Q = q.
 */
describe('Award and conclusion without award (domain.md §7)', () => {
  let t: TestApp;
  let sql: Sql;
  let admin: Session;
  let owning: Session & { publicBodyId: string };
  let secretary: Session;
  let colleague1: Session;
  let colleague2: Session;
  let colleague3: Session;
  let external: Session;
  let otherBuyer: Session;

  type Vendor = Session & { vendorId: string; neq: string };
  /** One bid: Q from the consensus (omitted: no consensus), price, or disqualified before the lock. */
  interface Bid {
    q?: number;
    price: number;
    disqualify?: boolean;
  }
  interface Evaluation {
    id: string;
    criteria: string[];
    proposals: { id: string; vendor: Vendor; bid: Bid }[];
  }

  const api = (path: string) => `/api/v1${path}`;
  const routes = evaluationApi(() => t);
  const { award, conclude, ranking, result, declare } = routes;
  const awardTo = (who: Session, opportunityId: string, proposalId: string) =>
    award(who, opportunityId, { proposalId });
  const lock = (opportunityId: string) => routes.lock(secretary, opportunityId);
  const draw = (opportunityId: string) => routes.draw(secretary, opportunityId);
  const publicView = (opportunityId: string) => t.http().get(api(`/opportunities/${opportunityId}`));

  async function statuses(opportunityId: string): Promise<Record<string, string>> {
    const rows = await sql(`SELECT id, status FROM proposal WHERE opportunity_id = $1`, [opportunityId]);
    return Object.fromEntries(rows.map((r) => [r.id, r.status]));
  }
  async function legalName(vendorId: string): Promise<string> {
    const [row] = await sql(`SELECT legal_name FROM vendor_organization WHERE id = $1`, [vendorId]);
    return row.legal_name as string;
  }
  /** The admin puts an enterprise on the ineligible register (RENA), in effect since 2020. */
  /** Registers `neq` as ineligible from 2020 on; the register entry's id. */
  async function registerIneligible(neq: string): Promise<string> {
    const res = await t
      .http()
      .post(api('/ineligible-enterprises'))
      .set(admin.auth)
      .send({ neq, name: 'Entreprise non admissible inc.', effectiveFrom: '2020-01-01' })
      .expect(201);
    return res.body.id;
  }
  async function contractYear(): Promise<number> {
    const [row] = await sql(`SELECT extract(year FROM now() AT TIME ZONE 'America/Montreal')::int AS year`);
    return Number(row.year);
  }

  /**
   * An opportunity in EVALUATION, one proposal per bid (each from a fresh vendor organization),
   * the committee (secretary + colleague1..3 + the external evaluator) and the secretary's
   * declaration. Nothing scored yet.
   */
  async function evaluation(bids: Bid[]): Promise<Evaluation> {
    const o = await seedOpportunity(sql, {
      publicBodyId: owning.publicBodyId,
      createdById: owning.userId,
      status: 'EVALUATION',
      title: 'Adjudication',
      estimatedValueCents: 8_000_000,
      deadlineIn: '-1 hour',
      publishedAgo: '20 days',
    });
    const proposals: Evaluation['proposals'] = [];
    for (const bid of bids) {
      const vendor = await seedVendor(t);
      const p = await seedProposal(sql, {
        opportunityId: o.id,
        vendorId: vendor.vendorId,
        authorId: vendor.userId,
        status: 'UNDER_EVALUATION',
        priceCents: bid.price,
      });
      proposals.push({ id: p.id, vendor, bid });
    }
    await t
      .http()
      .put(api(`/opportunities/${o.id}/committee`))
      .set(owning.auth)
      .send({
        secretaryId: secretary.userId,
        evaluatorIds: [colleague1.userId, colleague2.userId, colleague3.userId, external.userId],
      })
      .expect(200);
    await declare(secretary, o.id);
    const criteria = (
      await sql(`SELECT id FROM opportunity_criterion WHERE opportunity_id = $1 ORDER BY position`, [o.id])
    ).map((r) => r.id as string);
    return { id: o.id, criteria, proposals };
  }

  /** The secretary records every consensus and disqualifies what the bids say. */
  async function score(o: Evaluation): Promise<void> {
    for (const p of o.proposals) {
      if (p.bid.disqualify) {
        await t
          .http()
          .post(api(`/proposals/${p.id}/disqualify`))
          .set(secretary.auth)
          .send({ reason: 'Attestation non conforme' })
          .expect(200);
      } else if (p.bid.q !== undefined) {
        const q = p.bid.q;
        await t
          .http()
          .put(api(`/proposals/${p.id}/consensus`))
          .set(secretary.auth)
          .send({
            scores: o.criteria.map((criterionId) => ({ criterionId, score: q, rationale: 'Consensus du comité' })),
          })
          .expect(200);
      }
    }
  }

  /** Evaluated and locked: ready for the award. */
  async function locked(bids: Bid[]): Promise<Evaluation> {
    const o = await evaluation(bids);
    await score(o);
    await lock(o.id).expect(200);
    return o;
  }

  beforeAll(async () => {
    t = await startTestApp({ redis: false, label: 'award' });
    sql = sqlOf(t.dataSource);
    ({
      admin,
      owning,
      secretary,
      external,
      otherBuyer,
      colleagues: [colleague1, colleague2, colleague3],
    } = await evaluationCast(t));
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('one opportunity: refusals, then the award of rank 1', () => {
    let o: Evaluation;
    let pA: string; // Q 85, 60 000.00 $ → 52 173.91 $ (domain.md's worked example): rank 1
    let pB: string; // Q 90, 70 000.00 $ → 58 333.33 $: rank 2
    let pC: string; // Q 60: NOT_ACCEPTABLE
    let pD: string; // disqualified before the lock
    let vendorA: Vendor;
    let vendorB: Vendor;
    let vendorC: Vendor;

    beforeAll(async () => {
      o = await evaluation([
        { q: 85, price: 6_000_000 },
        { q: 90, price: 7_000_000 },
        { q: 60, price: 4_000_000 },
        { price: 3_000_000, disqualify: true },
      ]);
      [pA, pB, pC, pD] = o.proposals.map((p) => p.id);
      [vendorA, vendorB, vendorC] = o.proposals.map((p) => p.vendor);
      await score(o);
      // colleague3, an owning buyer on the committee, declares a conflict with vendor C: recused.
      await declare(colleague3, o.id, [vendorC.vendorId]);
    });

    it('refuses the award and the conclusion before the lock', async () => {
      const res = await awardTo(owning, o.id, pA).expect(409);
      expectEnvelope(res, 'AWARD_NOT_ALLOWED');
      const concluded = await conclude(owning, o.id, { reason: 'Trop tôt' }).expect(409);
      expectEnvelope(concluded, 'INVALID_TRANSITION');
      expect(concluded.body.error.details.proposalIds).toEqual([pA, pB, pC].sort());
      expect((await statuses(o.id))[pA]).toBe('UNDER_EVALUATION');
    });

    it('locks the scores (rank 1 = A, rank 2 = B)', async () => {
      const res = await lock(o.id).expect(200);
      expect(res.body.items.map((i: { proposalId: string; rank: number | null }) => [i.proposalId, i.rank])).toEqual([
        [pA, 1],
        [pB, 2],
        [pC, null],
      ]);
    });

    it('refuses a non-owning buyer, a vendor and a recused owning buyer', async () => {
      expectEnvelope(await awardTo(otherBuyer, o.id, pA).expect(403), 'FORBIDDEN');
      expectEnvelope(await awardTo(vendorA, o.id, pA).expect(403), 'FORBIDDEN');
      expectEnvelope(await awardTo(colleague3, o.id, pA).expect(403), 'RECUSED');
      expect(await sql(`SELECT 1 FROM contract WHERE opportunity_id = $1`, [o.id])).toHaveLength(0);
    });

    it('refuses a proposal that is not rank 1, naming rank 1 (409 AWARD_NOT_ALLOWED)', async () => {
      const rank2 = await awardTo(owning, o.id, pB).expect(409);
      expectEnvelope(rank2, 'AWARD_NOT_ALLOWED');
      expect(rank2.body.error.details.rankOneProposalId).toBe(pA);
      for (const p of [pC, pD]) {
        const res = await awardTo(owning, o.id, p).expect(409);
        expectEnvelope(res, 'AWARD_NOT_ALLOWED');
        expect(res.body.error.details.rankOneProposalId).toBe(pA);
      }
    });

    it('answers 404 for an unknown proposal or one of another opportunity, 400 for a malformed body', async () => {
      expectEnvelope(await awardTo(owning, o.id, '00000000-0000-4000-8000-000000000000').expect(404), 'NOT_FOUND');
      const elsewhere = await evaluation([{ price: 5_000_000 }]);
      expectEnvelope(await awardTo(owning, o.id, elsewhere.proposals[0].id).expect(404), 'NOT_FOUND');
      const bad = await award(owning, o.id, { proposalId: 'pas-un-uuid' }).expect(400);
      expectEnvelope(bad, 'VALIDATION_FAILED');
      expectEnvelope(await award(owning, o.id, {}).expect(400), 'VALIDATION_FAILED');
      expectEnvelope(await awardTo(owning, '00000000-0000-4000-8000-000000000000', pA).expect(404), 'NOT_FOUND');
    });

    it('refuses the conclusion without award while a proposal is QUALIFIED', async () => {
      const res = await conclude(owning, o.id, { reason: 'Aucune proposition retenue' }).expect(409);
      expectEnvelope(res, 'INVALID_TRANSITION');
      expect(res.body.error.details.proposalIds).toEqual([pA, pB].sort());
    });

    it('has no result and no public award notice before the award', async () => {
      expectEnvelope(await result(vendorA, pA).expect(404), 'NOT_FOUND');
      const view = await publicView(o.id).expect(200);
      expect(view.body.status).toBe('EVALUATION');
      expect(view.body.award).toBeNull();
    });

    it('awards rank 1: contract, statuses, audit', async () => {
      const res = await awardTo(owning, o.id, pA).expect(200);
      expect(res.body).toEqual({
        contractId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        contractReference: expect.stringMatching(/^C-\d{4}-\d{4}$/),
      });
      expect(res.body.contractReference.startsWith(`C-${await contractYear()}-`)).toBe(true);

      const [opp] = await sql(`SELECT status, awarded_at FROM opportunity WHERE id = $1`, [o.id]);
      expect(opp.status).toBe('AWARDED');
      expect(opp.awarded_at).not.toBeNull();
      expect(await statuses(o.id)).toEqual({
        [pA]: 'AWARDED',
        [pB]: 'NOT_AWARDED',
        [pC]: 'NOT_ACCEPTABLE',
        [pD]: 'DISQUALIFIED',
      });

      const contracts = await sql(
        `SELECT c.id, c.reference, c.proposal_id, c.supplier_id, c.initial_amount_cents, c.status, c.awarded_by_id,
                c.delivery_due_date = o.delivery_due_date AS same_delivery
           FROM contract c JOIN opportunity o ON o.id = c.opportunity_id WHERE c.opportunity_id = $1`,
        [o.id],
      );
      expect(contracts).toEqual([
        {
          id: res.body.contractId,
          reference: res.body.contractReference,
          proposal_id: pA,
          supplier_id: vendorA.vendorId,
          initial_amount_cents: 6_000_000,
          status: 'ACTIVE',
          awarded_by_id: owning.userId,
          same_delivery: true,
        },
      ]);

      const awardEvents = (await auditEventsFor(t, admin, o.id)).filter((e) => e.action === 'evaluation.award');
      expect(awardEvents).toHaveLength(1);
      expect(awardEvents[0]).toMatchObject({ actorId: owning.userId, entityType: 'opportunity' });
      expect(awardEvents[0].data).toMatchObject({
        proposalId: pA,
        supplierId: vendorA.vendorId,
        priceCents: 6_000_000,
        adjustedPriceCents: 5_217_391,
        contractId: res.body.contractId,
        contractReference: res.body.contractReference,
      });
      const contractEvents = (await auditEventsFor(t, admin, res.body.contractId)).filter(
        (e) => e.action === 'contract.create',
      );
      expect(contractEvents).toHaveLength(1);
      expect(contractEvents[0].data).toMatchObject({
        reference: res.body.contractReference,
        opportunityId: o.id,
        proposalId: pA,
        initialAmountCents: 6_000_000,
      });
    });

    it('names the proposals set NOT_AWARDED in the evaluation.award audit event', async () => {
      const [event] = (await auditEventsFor(t, admin, o.id)).filter((e) => e.action === 'evaluation.award');
      // Only B was QUALIFIED besides the winner; C (NOT_ACCEPTABLE) and D (DISQUALIFIED) keep their status.
      expect(event.data.notAwardedProposalIds).toEqual([pB]);
    });

    it('refuses a second award and a conclusion after it (409 ALREADY_AWARDED)', async () => {
      expectEnvelope(await awardTo(owning, o.id, pA).expect(409), 'ALREADY_AWARDED');
      expectEnvelope(await awardTo(owning, o.id, pB).expect(409), 'ALREADY_AWARDED');
      expectEnvelope(await conclude(owning, o.id, { reason: 'Changement d’avis' }).expect(409), 'ALREADY_AWARDED');
      expect(await sql(`SELECT 1 FROM contract WHERE opportunity_id = $1`, [o.id])).toHaveLength(1);
    });

    it('gives each bidder its own result and the winner’s figures', async () => {
      const winner = {
        vendorName: await legalName(vendorA.vendorId),
        qualityScore: '85.00',
        priceCents: 6_000_000,
        adjustedPriceCents: 5_217_391,
      };
      const mine = await result(vendorA, pA).expect(200);
      expect(mine.body).toMatchObject({
        proposalId: pA,
        opportunityId: o.id,
        status: 'AWARDED',
        qualityScore: '85.00',
        priceCents: 6_000_000,
        adjustedPriceCents: 5_217_391,
        rank: 1,
        winner,
      });
      // Its own consensus scores, criterion by criterion (§5.1: "own scores" after award).
      expect(mine.body.criterionScores).toEqual(o.criteria.map((criterionId) => ({ criterionId, score: '85.00' })));
      const second = await result(vendorB, pB).expect(200);
      // 70 000.00 $ / (1 + 0.30 × 20 / 30) = 58 333.333… $ → 58 333.33 $.
      expect(second.body).toMatchObject({
        status: 'NOT_AWARDED',
        qualityScore: '90.00',
        priceCents: 7_000_000,
        adjustedPriceCents: 5_833_333,
        rank: 2,
        winner,
      });
      const notAcceptable = await result(vendorC, pC).expect(200);
      expect(notAcceptable.body).toMatchObject({
        status: 'NOT_ACCEPTABLE',
        qualityScore: '60.00',
        priceCents: 4_000_000,
        adjustedPriceCents: null,
        rank: null,
        winner,
      });
      const vendorD = o.proposals[3].vendor;
      const disqualified = await result(vendorD, pD).expect(200);
      expect(disqualified.body).toMatchObject({
        status: 'DISQUALIFIED',
        rank: null,
        disqualificationReason: 'Attestation non conforme',
        winner,
      });
    });

    it('keeps another bidder’s result sealed (404) and refuses buyers at the route (403)', async () => {
      // §5.1: another vendor learns only the winner's name and amount; the proposal does not exist for them.
      expectEnvelope(await result(vendorB, pA).expect(404), 'NOT_FOUND');
      expectEnvelope(await result(vendorA, pB).expect(404), 'NOT_FOUND');
      // proposals:read is a vendor permission: the owning buyer is refused before any lookup.
      expectEnvelope(await result(owning, pA).expect(403), 'FORBIDDEN');
      await t
        .http()
        .get(api(`/proposals/${pA}/result`))
        .expect(401);
    });

    it('publishes the award notice to anonymous readers', async () => {
      const view = await publicView(o.id).expect(200);
      expect(view.body.status).toBe('AWARDED');
      const [contract] = await sql(`SELECT reference FROM contract WHERE opportunity_id = $1`, [o.id]);
      expect(view.body.award).toEqual({
        vendorId: vendorA.vendorId,
        vendorName: await legalName(vendorA.vendorId),
        contractReference: contract.reference,
        contractAmountCents: 6_000_000,
        awardedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      });
      // Only the winner's price is public, not the others'.
      expect(JSON.stringify(view.body)).not.toContain('7000000');
    });
  });

  it('hands out gap-free, sequential contract references across opportunities', async () => {
    const first = await locked([{ q: 80, price: 5_000_000 }]);
    const second = await locked([{ q: 80, price: 4_000_000 }]);
    // A refused award in between consumes no number.
    const refused = await locked([
      { q: 80, price: 4_000_000 },
      { q: 80, price: 4_500_000 },
    ]);
    expectEnvelope(await awardTo(owning, refused.id, refused.proposals[1].id).expect(409), 'AWARD_NOT_ALLOWED');

    const r1 = (await awardTo(owning, first.id, first.proposals[0].id).expect(200)).body.contractReference as string;
    const r2 = (await awardTo(owning, second.id, second.proposals[0].id).expect(200)).body.contractReference as string;
    const [, year1, n1] = /^C-(\d{4})-(\d{4})$/.exec(r1)!;
    const [, year2, n2] = /^C-(\d{4})-(\d{4})$/.exec(r2)!;
    expect(year2).toBe(year1);
    expect(Number(n2)).toBe(Number(n1) + 1);
  });

  describe('a tie to the cent at rank 1 (domain.md §6)', () => {
    let o: Evaluation;
    let p1: string;
    let p2: string;

    beforeAll(async () => {
      // Two bids tie at 50 000.00 $, Q 88 (adjusted 41 322.31 $); a third is rank 3.
      o = await locked([
        { q: 88, price: 5_000_000 },
        { q: 88, price: 5_000_000 },
        { q: 88, price: 5_500_000 },
      ]);
      [p1, p2] = o.proposals.map((p) => p.id);
    });

    it('refuses the award to either tied proposal until the draw (409 TIE_REQUIRES_DRAW)', async () => {
      for (const p of [p1, p2]) {
        const res = await awardTo(owning, o.id, p).expect(409);
        expectEnvelope(res, 'TIE_REQUIRES_DRAW');
        expect(res.body.error.details.tiedProposalIds).toEqual([p1, p2].sort());
      }
      expect((await ranking(secretary, o.id).expect(200)).body.tie).toBe(true);
    });

    it('lets the secretary draw; the stored record recomputes; only the draw winner is awarded', async () => {
      const drawn = await draw(o.id).expect(200);
      expect(drawn.body.candidates).toEqual([p1, p2].sort());
      const [stored] = await sql(
        `SELECT round, seed, algorithm, candidates::text[] AS candidates, winner_proposal_id FROM evaluation_draw WHERE opportunity_id = $1`,
        [o.id],
      );
      expect(stored.round).toBe(1);
      expect(stored.algorithm).toBe(DRAW_ALGORITHM);
      expect(stored.winner_proposal_id).toBe(drawn.body.winnerProposalId);
      expect(drawWinner(stored.seed, stored.candidates).winnerId).toBe(stored.winner_proposal_id);
      expect(
        verifyDraw({
          algorithm: stored.algorithm,
          seedHex: stored.seed,
          candidateIds: stored.candidates,
          winnerId: stored.winner_proposal_id,
        }),
      ).toBe(true);

      const winner = drawn.body.winnerProposalId as string;
      const loser = winner === p1 ? p2 : p1;
      const refused = await awardTo(owning, o.id, loser).expect(409);
      expectEnvelope(refused, 'AWARD_NOT_ALLOWED');
      expect(refused.body.error.details.rankOneProposalId).toBe(winner);

      await awardTo(owning, o.id, winner).expect(200);
      expect(await statuses(o.id)).toEqual({
        [winner]: 'AWARDED',
        [loser]: 'NOT_AWARDED',
        [o.proposals[2].id]: 'NOT_AWARDED',
      });
    });
  });

  describe('the ineligible register, checked again at award (P4)', () => {
    it('disqualifies an ineligible rank 1 (committed, audited), refuses with 422, and rank 2 moves up', async () => {
      const o = await locked([
        { q: 85, price: 6_000_000 },
        { q: 90, price: 7_000_000 },
        { q: 80, price: 7_000_000 },
      ]);
      const [pA, pB, pC] = o.proposals.map((p) => p.id);
      const entryId = await registerIneligible(o.proposals[0].vendor.neq);

      const res = await awardTo(owning, o.id, pA).expect(422);
      expectEnvelope(res, 'VENDOR_INELIGIBLE');
      // The refusal tells the buyer who is now rank 1.
      expect(res.body.error.details).toMatchObject({
        proposalId: pA,
        disqualifiedProposalIds: [pA],
        rankOneProposalIds: [pB],
      });

      const [row] = await sql(`SELECT status, disqualification_reason, rank FROM proposal WHERE id = $1`, [pA]);
      expect(row.status).toBe('DISQUALIFIED');
      expect(row.disqualification_reason).toMatch(/registre des entreprises non admissibles/);
      expect(row.rank).toBeNull();
      // Still before the award: the auditor reads the reason, the admin only that it happened (§5.1).
      const auditor = await createAccount(t, admin, 'auditor');
      const disqualify = (await auditEventsFor(t, auditor, pA)).filter((e) => e.action === 'proposal.disqualify');
      expect(disqualify).toHaveLength(1);
      expect(disqualify[0].data).toMatchObject({
        opportunityId: o.id,
        atAward: true,
        neq: o.proposals[0].vendor.neq,
        ineligibleEntryId: entryId,
      });
      const [asAdmin] = (await auditEventsFor(t, admin, pA)).filter((e) => e.action === 'proposal.disqualify');
      expect(asAdmin.data).toMatchObject({ atAward: true, sealed: ['reason', 'neq', 'ineligibleEntryId'] });
      expect((await sql(`SELECT status FROM opportunity WHERE id = $1`, [o.id]))[0].status).toBe('EVALUATION');
      expect(await sql(`SELECT 1 FROM contract WHERE opportunity_id = $1`, [o.id])).toHaveLength(0);

      // B: 70 000 $ at Q 90 → 58 333.33 $; C: 70 000 $ at Q 80 → 63 636.36 $.
      const after = await ranking(secretary, o.id).expect(200);
      expect(after.body.items.map((i: { proposalId: string; rank: number | null }) => [i.proposalId, i.rank])).toEqual([
        [pB, 1],
        [pC, 2],
      ]);

      await awardTo(owning, o.id, pB).expect(200);
      expect(await statuses(o.id)).toEqual({ [pA]: 'DISQUALIFIED', [pB]: 'AWARDED', [pC]: 'NOT_AWARDED' });
    });

    it('awards rank 2 in the same request when the buyer asks for it and rank 1 is ineligible', async () => {
      const o = await locked([
        { q: 85, price: 6_000_000 },
        { q: 90, price: 7_000_000 },
      ]);
      const [pA, pB] = o.proposals.map((p) => p.id);
      await registerIneligible(o.proposals[0].vendor.neq);

      const res = await awardTo(owning, o.id, pB).expect(200);
      expect(res.body.contractReference).toMatch(/^C-\d{4}-\d{4}$/);
      expect(await statuses(o.id)).toEqual({ [pA]: 'DISQUALIFIED', [pB]: 'AWARDED' });
      const [contract] = await sql(
        `SELECT proposal_id, supplier_id, initial_amount_cents FROM contract WHERE opportunity_id = $1`,
        [o.id],
      );
      expect(contract).toEqual({
        proposal_id: pB,
        supplier_id: o.proposals[1].vendor.vendorId,
        initial_amount_cents: 7_000_000,
      });
      const disqualify = (await auditEventsFor(t, admin, pA)).filter((e) => e.action === 'proposal.disqualify');
      expect(disqualify).toHaveLength(1);
      expect(disqualify[0].data.atAward).toBe(true);
    });

    it('draws again (round 2) when the draw winner turns out ineligible and a tie remains', async () => {
      const o = await locked([
        { q: 88, price: 5_000_000 },
        { q: 88, price: 5_000_000 },
        { q: 88, price: 5_000_000 },
      ]);
      const ids = o.proposals.map((p) => p.id);
      const round1 = await draw(o.id).expect(200);
      expect(round1.body.candidates).toEqual([...ids].sort());
      const w1 = round1.body.winnerProposalId as string;
      await registerIneligible(o.proposals.find((p) => p.id === w1)!.vendor.neq);

      expectEnvelope(await awardTo(owning, o.id, w1).expect(422), 'VENDOR_INELIGIBLE');
      const remaining = ids.filter((id) => id !== w1).sort();
      for (const p of remaining) {
        const res = await awardTo(owning, o.id, p).expect(409);
        expectEnvelope(res, 'TIE_REQUIRES_DRAW');
        expect(res.body.error.details.tiedProposalIds).toEqual(remaining);
      }
      expect((await ranking(secretary, o.id).expect(200)).body.tie).toBe(true);

      const round2 = await draw(o.id).expect(200);
      expect(round2.body.candidates).toEqual(remaining);
      const w2 = round2.body.winnerProposalId as string;
      const rounds = await sql(
        `SELECT round, seed, algorithm, candidates::text[] AS candidates, winner_proposal_id FROM evaluation_draw WHERE opportunity_id = $1 ORDER BY round`,
        [o.id],
      );
      expect(rounds.map((r) => r.round)).toEqual([1, 2]);
      for (const r of rounds) {
        expect(
          verifyDraw({
            algorithm: r.algorithm,
            seedHex: r.seed,
            candidateIds: r.candidates,
            winnerId: r.winner_proposal_id,
          }),
        ).toBe(true);
      }
      expectEnvelope(await draw(o.id).expect(409), 'CONFLICT');

      const loser = remaining.find((id) => id !== w2)!;
      expectEnvelope(await awardTo(owning, o.id, loser).expect(409), 'AWARD_NOT_ALLOWED');
      await awardTo(owning, o.id, w2).expect(200);
      expect(await statuses(o.id)).toEqual({ [w1]: 'DISQUALIFIED', [w2]: 'AWARDED', [loser]: 'NOT_AWARDED' });
    });
  });

  it('awards exactly once under 20 concurrent requests, notifying each bidder member once', async () => {
    const o = await locked([
      { q: 85, price: 6_000_000 },
      { q: 90, price: 7_000_000 },
      { q: 60, price: 4_000_000 },
    ]);
    const [pA, pB, pC] = o.proposals.map((p) => p.id);
    // Vendor A has a second member: both get the result.
    const email = `${unique('membre')}@exemple.quebec`;
    const [member] = await sql(
      `INSERT INTO app_user (email, name, password_hash, role, preferred_language, active) VALUES ($1, 'Membre', 'seeded-account-without-password', 'vendor', 'en', true) RETURNING id`,
      [email],
    );
    await sql(`INSERT INTO vendor_membership (vendor_id, user_id, role) VALUES ($1, $2, 'member')`, [
      o.proposals[0].vendor.vendorId,
      member.id,
    ]);

    const responses = await Promise.all(Array.from({ length: 20 }, () => awardTo(owning, o.id, pA)));
    const ok = responses.filter((r) => r.status === 200);
    const conflicts = responses.filter((r) => r.status === 409);
    expect(ok).toHaveLength(1);
    expect(conflicts).toHaveLength(19);
    for (const r of conflicts) expectEnvelope(r, 'ALREADY_AWARDED');

    const contracts = await sql(`SELECT id, reference FROM contract WHERE opportunity_id = $1`, [o.id]);
    expect(contracts).toEqual([{ id: ok[0].body.contractId, reference: ok[0].body.contractReference }]);
    expect((await auditEventsFor(t, admin, o.id)).filter((e) => e.action === 'evaluation.award')).toHaveLength(1);
    expect(
      (await auditEventsFor(t, admin, ok[0].body.contractId)).filter((e) => e.action === 'contract.create'),
    ).toHaveLength(1);

    const notes = await sql(
      `SELECT entity_id, recipient_email, language, data FROM notification WHERE template = 'proposal-result' AND entity_id = ANY($1::text[]) ORDER BY recipient_email`,
      [[pA, pB, pC]],
    );
    const expected = [
      [pA, o.proposals[0].vendor.email],
      [pA, email],
      [pB, o.proposals[1].vendor.email],
      [pC, o.proposals[2].vendor.email],
    ].map(([id, e]) => `${id} ${e.toLowerCase()}`);
    expect(notes.map((n) => `${n.entity_id} ${n.recipient_email}`).sort()).toEqual(expected.sort());
    expect(notes.find((n) => n.recipient_email === email.toLowerCase())?.language).toBe('en');
    // Each notice carries the bidder's own figures and the winner's (§7).
    const toB = notes.find((n) => n.entity_id === pB)!;
    expect(toB.data).toMatchObject({
      status: 'NOT_AWARDED',
      rank: 2,
      qualityScore: '90.00',
      adjustedPriceCents: 5_833_333,
      winnerQualityScore: '85.00',
      winnerPriceCents: 6_000_000,
      winnerAdjustedPriceCents: 5_217_391,
    });
  });

  describe('conclusion without award', () => {
    it('concludes when every proposal is NOT_ACCEPTABLE after the lock; public reason; bidders notified', async () => {
      const o = await evaluation([
        { q: 60, price: 5_000_000 },
        { q: 65, price: 4_000_000 },
      ]);
      const [pA, pB] = o.proposals.map((p) => p.id);
      const early = await conclude(owning, o.id, { reason: 'Aucune proposition acceptable' }).expect(409);
      expectEnvelope(early, 'INVALID_TRANSITION');
      expect(early.body.error.details.proposalIds).toEqual([pA, pB].sort());
      await score(o);
      await lock(o.id).expect(200);

      // Nothing acceptable: no award possible.
      expectEnvelope(await awardTo(owning, o.id, pA).expect(409), 'AWARD_NOT_ALLOWED');
      expectEnvelope(await conclude(owning, o.id, {}).expect(400), 'VALIDATION_FAILED');
      expectEnvelope(await conclude(owning, o.id, { reason: '   ' }).expect(400), 'VALIDATION_FAILED');
      expectEnvelope(await conclude(otherBuyer, o.id, { reason: 'Pas mon organisme' }).expect(403), 'FORBIDDEN');
      expectEnvelope(await conclude(o.proposals[0].vendor, o.id, { reason: 'Fournisseur' }).expect(403), 'FORBIDDEN');

      const reason = 'Aucune proposition n’atteint le seuil de qualité.';
      const res = await conclude(owning, o.id, { reason }).expect(200);
      expect(res.body).toEqual({
        opportunityId: o.id,
        status: 'UNSUCCESSFUL',
        reason,
        concludedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      });

      const view = await publicView(o.id).expect(200);
      expect(view.body).toMatchObject({ status: 'UNSUCCESSFUL', unsuccessfulReason: reason, award: null });
      expect(view.body.unsuccessfulAt).toBe(res.body.concludedAt);

      expectEnvelope(await conclude(owning, o.id, { reason: 'Encore' }).expect(409), 'INVALID_TRANSITION');
      expectEnvelope(await awardTo(owning, o.id, pA).expect(409), 'INVALID_TRANSITION');

      const notes = await sql(
        `SELECT entity_id, recipient_email FROM notification WHERE template = 'opportunity-unsuccessful' AND entity_id = ANY($1::text[])`,
        [[pA, pB]],
      );
      expect(notes.map((n) => `${n.entity_id} ${n.recipient_email}`).sort()).toEqual(
        o.proposals.map((p) => `${p.id} ${p.vendor.email.toLowerCase()}`).sort(),
      );
      const events = (await auditEventsFor(t, admin, o.id)).filter(
        (e) => e.action === 'evaluation.conclude-without-award',
      );
      expect(events).toHaveLength(1);
      expect(events[0].data).toMatchObject({ to: 'UNSUCCESSFUL', reason });

      // Each bidder reads its own result, without a winner.
      const own = await result(o.proposals[0].vendor, pA).expect(200);
      expect(own.body).toMatchObject({ status: 'NOT_ACCEPTABLE', qualityScore: '60.00', rank: null, winner: null });
    });

    it('concludes an opportunity past its deadline that received no proposal', async () => {
      // Stored PUBLISHED, deadline passed: its effective status is EVALUATION (closing job or not).
      const seeded = await seedOpportunity(sql, {
        publicBodyId: owning.publicBodyId,
        createdById: owning.userId,
        status: 'PUBLISHED',
        title: 'Sans preneur',
        deadlineIn: '-2 hours',
        publishedAgo: '20 days',
      });
      expectEnvelope(await conclude(otherBuyer, seeded.id, { reason: 'Aucune proposition' }).expect(403), 'FORBIDDEN');
      const res = await conclude(owning, seeded.id, { reason: 'Aucune proposition reçue' }).expect(200);
      expect(res.body).toMatchObject({
        opportunityId: seeded.id,
        status: 'UNSUCCESSFUL',
        reason: 'Aucune proposition reçue',
      });
      const [row] = await sql(`SELECT status, unsuccessful_reason FROM opportunity WHERE id = $1`, [seeded.id]);
      expect(row).toEqual({ status: 'UNSUCCESSFUL', unsuccessful_reason: 'Aucune proposition reçue' });
      expectEnvelope(await conclude(owning, seeded.id, { reason: 'Deux fois' }).expect(409), 'INVALID_TRANSITION');
    });

    it('refuses to conclude an opportunity still open to proposals', async () => {
      const open = await seedOpportunity(sql, {
        publicBodyId: owning.publicBodyId,
        createdById: owning.userId,
        status: 'PUBLISHED',
        title: 'Encore ouvert',
        deadlineIn: '5 days',
      });
      expectEnvelope(await conclude(owning, open.id, { reason: 'Trop tôt' }).expect(409), 'INVALID_TRANSITION');
    });
  });

  it('never skips a contract number in this database (every award, refusal and race above)', async () => {
    const year = await contractYear();
    const refs = (await sql(`SELECT reference FROM contract ORDER BY reference`)).map((r) => r.reference as string);
    expect(refs.length).toBeGreaterThanOrEqual(7);
    expect(refs).toEqual(refs.map((_, i) => `C-${year}-${String(i + 1).padStart(4, '0')}`));
  });
});
