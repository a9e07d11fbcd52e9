import type { Response } from 'supertest';
import { seedOpportunity, sqlOf, Sql } from '../support/opportunity-seed';
import { seedProposal } from '../support/proposal-seed';
import {
  buyerOfNewPublicBody,
  createAccount,
  createVendorOrganization,
  expectEnvelope,
  loginAsAdmin,
  registerVendor,
  Session,
} from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Who reads what during the evaluation (domain.md §5.1, §6; docs/sealed-bids.md,
 * docs/evaluation.md). One opportunity, seeded in EVALUATION with three proposals
 * UNDER_EVALUATION, walks through three phases:
 *
 *   afterDeadline (quality not locked) → afterLock (secretary locks) → afterAward (owning buyer awards)
 *
 * At each phase every reader below calls every read route; the expected answer of each
 * (route, reader, phase) cell is written in a table. Wherever a reader may not read a price,
 * the response body must not contain the digits of any sealed amount.
 *
 * Proposals: A (the "bidder" reader's, Q 85, rank 2), B (winner, Q 90, rank 1), C (Q 60, not
 * acceptable). Method adjusted_price, K = 30 %.
 */

const PHASES = ['afterDeadline', 'afterLock', 'afterAward'] as const;
type Phase = (typeof PHASES)[number];

const READERS = [
  'signedEvaluator', // external 'evaluator' account, declaration signed, no conflict
  'secretary', // buyer of the owning public body, signed
  'unsignedEvaluator', // external 'evaluator' account that never signs
  'recusedEvaluator', // buyer of another public body who declared a conflict with bidder A
  'owningBuyer', // buyer of the owning public body, not on the committee (composes it, awards)
  'otherBodyBuyer', // buyer of another public body, not on the committee
  'auditor',
  'admin',
  'bidder', // member of vendor A: reads its own proposal A
  'otherBidder', // member of vendor B (the winner): another bidder with respect to A
  'nonBidder', // a vendor organization that did not bid
  'anonymous',
] as const;
type Reader = (typeof READERS)[number];

const PRICE_A = 6_012_345;
const PRICE_B = 5_043_210;
const PRICE_C = 4_071_717;
/** domain.md §6: price / (1 + K × (Q − 70) / 30), half-up to the cent. */
const ADJUSTED_A = 5_228_126; // 6 012 345 / 1.15 = 5 228 126.08…
const ADJUSTED_B = 4_202_675; // 5 043 210 / 1.2
const ESTIMATED_VALUE = 7_500_000; // not one of the sealed amounts
/** Every sealed amount; after award the winner's price is public as the contract amount. */
const SEALED_AMOUNTS = [PRICE_A, PRICE_B, PRICE_C, ADJUSTED_A, ADJUSTED_B];

// ─── Expected outcomes ────────────────────────────────────────────────────────────────

type Refusal = { status: 401 | 403 | 404; code: string };
const NOT_FOUND: Refusal = { status: 404, code: 'NOT_FOUND' };
const FORBIDDEN: Refusal = { status: 403, code: 'FORBIDDEN' };
const UNAUTHENTICATED: Refusal = { status: 401, code: 'UNAUTHENTICATED' };
const DECLARATION_REQUIRED: Refusal = { status: 403, code: 'DECLARATION_REQUIRED' };
const RECUSED: Refusal = { status: 403, code: 'RECUSED' };

const same = <T>(outcome: T): Record<Phase, T> => ({ afterDeadline: outcome, afterLock: outcome, afterAward: outcome });

/** GET /proposals/:A — the content, with or without the price envelope. */
type ProposalOutcome = Refusal | { status: 200; price: boolean };
const CONTENT = { status: 200, price: false } as const;
const CONTENT_AND_PRICE = { status: 200, price: true } as const;

const PROPOSAL_READ: Record<Reader, Record<Phase, ProposalOutcome>> = {
  signedEvaluator: { afterDeadline: CONTENT, afterLock: CONTENT_AND_PRICE, afterAward: CONTENT_AND_PRICE },
  secretary: { afterDeadline: CONTENT, afterLock: CONTENT_AND_PRICE, afterAward: CONTENT_AND_PRICE },
  unsignedEvaluator: same(DECLARATION_REQUIRED),
  recusedEvaluator: same(RECUSED),
  owningBuyer: { afterDeadline: NOT_FOUND, afterLock: NOT_FOUND, afterAward: CONTENT_AND_PRICE },
  otherBodyBuyer: same(NOT_FOUND),
  auditor: { afterDeadline: CONTENT, afterLock: CONTENT_AND_PRICE, afterAward: CONTENT_AND_PRICE },
  admin: { afterDeadline: NOT_FOUND, afterLock: NOT_FOUND, afterAward: CONTENT_AND_PRICE },
  bidder: same(CONTENT_AND_PRICE),
  otherBidder: same(NOT_FOUND),
  nonBidder: same(NOT_FOUND),
  anonymous: same(NOT_FOUND),
};

/** GET /opportunities/:id/proposals — which proposals are listed, and whether with prices. */
type ListOutcome = Refusal | { status: 200; items: 'all' | 'own' | 'none'; price: boolean };
const ALL = (price: boolean) => ({ status: 200, items: 'all', price }) as const;
const OWN = { status: 200, items: 'own', price: true } as const;
const NONE = { status: 200, items: 'none', price: false } as const;

const PROPOSAL_LIST: Record<Reader, Record<Phase, ListOutcome>> = {
  signedEvaluator: { afterDeadline: ALL(false), afterLock: ALL(true), afterAward: ALL(true) },
  secretary: { afterDeadline: ALL(false), afterLock: ALL(true), afterAward: ALL(true) },
  unsignedEvaluator: same(DECLARATION_REQUIRED),
  recusedEvaluator: same(RECUSED),
  owningBuyer: { afterDeadline: NONE, afterLock: NONE, afterAward: ALL(true) },
  otherBodyBuyer: same(NONE),
  auditor: { afterDeadline: ALL(false), afterLock: ALL(true), afterAward: ALL(true) },
  admin: { afterDeadline: NONE, afterLock: NONE, afterAward: ALL(true) },
  bidder: same(OWN),
  otherBidder: same(OWN),
  nonBidder: same(NONE),
  anonymous: same(NONE),
};

/**
 * GET /proposals/:A/scores — individual scores: committee members (blind rules), and outside
 * the committee whoever §5.1 gives "everything": auditors once the call is closed, owning
 * buyers and admins after the award (docs/evaluation.md). Vendors are refused at route level
 * (403); other readers first meet the sealed-bid table (404 where the proposal is sealed).
 */
type ScoresOutcome = Refusal | { status: 200; secretary: boolean };
const SCORES: Record<Reader, Record<Phase, ScoresOutcome>> = {
  signedEvaluator: same({ status: 200, secretary: false }),
  secretary: same({ status: 200, secretary: true }),
  unsignedEvaluator: same(DECLARATION_REQUIRED),
  recusedEvaluator: same(RECUSED),
  // Before award the proposal does not exist for them; after award it does, but they hold no seat.
  owningBuyer: { afterDeadline: NOT_FOUND, afterLock: NOT_FOUND, afterAward: { status: 200, secretary: false } },
  otherBodyBuyer: same(NOT_FOUND),
  auditor: same({ status: 200, secretary: false }),
  admin: { afterDeadline: NOT_FOUND, afterLock: NOT_FOUND, afterAward: { status: 200, secretary: false } },
  bidder: same(FORBIDDEN),
  otherBidder: same(FORBIDDEN),
  nonBidder: same(FORBIDDEN),
  anonymous: same(UNAUTHENTICATED),
};

/**
 * GET /opportunities/:id/ranking — 404 before the lock. `figures`: Q, prices and adjusted
 * prices present (else null). `ranksOnly`: the documented reconciliation of api.md (owning
 * buyers read the ranking) with §5.1 (they learn only the number before award): ids, names,
 * ranks, figures null. Admins, who learn only the number before the award and are not
 * api.md ranking readers, are refused until then.
 */
type RankingOutcome = Refusal | { status: 200; figures: boolean };
const RANKING_NOT_YET = NOT_FOUND;
const FIGURES = { status: 200, figures: true } as const;
const RANKS_ONLY = { status: 200, figures: false } as const;
const RANKING: Record<Reader, Record<Phase, RankingOutcome>> = {
  signedEvaluator: { afterDeadline: RANKING_NOT_YET, afterLock: FIGURES, afterAward: FIGURES },
  secretary: { afterDeadline: RANKING_NOT_YET, afterLock: FIGURES, afterAward: FIGURES },
  unsignedEvaluator: {
    afterDeadline: RANKING_NOT_YET,
    afterLock: DECLARATION_REQUIRED,
    afterAward: DECLARATION_REQUIRED,
  },
  recusedEvaluator: { afterDeadline: RANKING_NOT_YET, afterLock: RECUSED, afterAward: RECUSED },
  owningBuyer: { afterDeadline: RANKING_NOT_YET, afterLock: RANKS_ONLY, afterAward: FIGURES },
  otherBodyBuyer: { afterDeadline: RANKING_NOT_YET, afterLock: FORBIDDEN, afterAward: FORBIDDEN },
  auditor: { afterDeadline: RANKING_NOT_YET, afterLock: FIGURES, afterAward: FIGURES },
  // §5.1: admins know the number only until award; api.md does not list them as ranking readers.
  admin: { afterDeadline: RANKING_NOT_YET, afterLock: FORBIDDEN, afterAward: FIGURES },
  bidder: same(FORBIDDEN),
  otherBidder: same(FORBIDDEN),
  nonBidder: same(FORBIDDEN),
  anonymous: same(UNAUTHENTICATED),
};

/** GET /proposals/:A/result — vendor members of A, once awarded (route permission `proposals:read`: vendors). */
type ResultOutcome = Refusal | { status: 200 };
const VENDORS_ONLY = (
  forVendor: Record<Phase, ResultOutcome>,
  other: Refusal,
): Record<Reader, Record<Phase, ResultOutcome>> => ({
  signedEvaluator: same(other),
  secretary: same(other),
  unsignedEvaluator: same(other),
  recusedEvaluator: same(other),
  owningBuyer: same(other),
  otherBodyBuyer: same(other),
  auditor: same(other),
  admin: same(other),
  bidder: forVendor,
  otherBidder: same(NOT_FOUND),
  nonBidder: same(NOT_FOUND),
  anonymous: same(UNAUTHENTICATED),
});
const RESULT = VENDORS_ONLY({ afterDeadline: NOT_FOUND, afterLock: NOT_FOUND, afterAward: { status: 200 } }, FORBIDDEN);

/**
 * GET /contracts/:id (after award only: no contract exists before). Owning buyers, supplier
 * members, auditors, admins; everyone else, anonymous callers and evaluator accounts included,
 * 404 (the resource check answers: a contract exists for its readers only, docs/contracts.md).
 */
type ContractOutcome = Refusal | { status: 200 };
const READ = { status: 200 } as const;
const CONTRACT: Record<Reader, ContractOutcome> = {
  signedEvaluator: NOT_FOUND,
  secretary: READ, // a buyer of the owning public body
  unsignedEvaluator: NOT_FOUND,
  recusedEvaluator: NOT_FOUND, // a buyer of another public body
  owningBuyer: READ,
  otherBodyBuyer: NOT_FOUND,
  auditor: READ,
  admin: READ,
  bidder: NOT_FOUND, // bid, but not the supplier
  otherBidder: READ, // the supplier
  nonBidder: NOT_FOUND,
  anonymous: NOT_FOUND,
};

// ─── The suite ────────────────────────────────────────────────────────────────────────

describe('Evaluation access: who reads what, phase by phase (domain.md §5.1, §6)', () => {
  let t: TestApp;
  let sql: Sql;
  const sessions = {} as Record<Exclude<Reader, 'anonymous'>, Session>;
  let owningBodyId: string;
  let colleague: Session; // a second signed evaluator (buyer of the owning body), not a reader
  let opportunityId: string;
  let pA: string;
  let pB: string;
  let pC: string;
  let vendorA: { id: string; legalName: string };
  let vendorB: { id: string; legalName: string };
  let vendorC: { id: string; legalName: string };
  let contractId: string;
  const SECRET_COMMENT = 'Commentaire confidentiel de l’évaluateur';

  const api = (path: string) => `/api/v1${path}`;
  const get = (reader: Reader, path: string) => {
    const req = t.http().get(api(path));
    return reader === 'anonymous' ? req : req.set(sessions[reader].auth);
  };
  const declare = (who: Session, conflictWithVendorIds: string[] = []) =>
    t
      .http()
      .post(api(`/opportunities/${opportunityId}/declarations`))
      .set(who.auth)
      .send({ confidentiality: true, conflictWithVendorIds })
      .expect(201);

  /** No sealed amount in the body, except those listed as readable. */
  function expectNoSealedAmounts(res: Response, readable: number[] = []): void {
    const text = JSON.stringify(res.body);
    for (const amount of SEALED_AMOUNTS.filter((a) => !readable.includes(a))) {
      expect(text).not.toContain(String(amount));
    }
  }
  /** Amounts public in a phase: after award, the winner's price is the contract amount (§5.1). */
  const publicAmounts = (phase: Phase) => (phase === 'afterAward' ? [PRICE_B] : []);

  function expectRefusal(res: Response, refusal: Refusal): void {
    expect({ status: res.status, code: res.body?.error?.code }).toEqual(refusal);
    expectEnvelope(res, refusal.code);
    expectNoSealedAmounts(res);
  }

  const describeOutcome = (o: { status: number | string; code?: string } & Record<string, unknown>) =>
    o.code
      ? `${o.status} ${o.code}`
      : `${o.status}${Object.entries(o)
          .filter(([k]) => k !== 'status')
          .map(([k, v]) => ` ${k}=${String(v)}`)
          .join('')}`;

  beforeAll(async () => {
    t = await startTestApp({ redis: false, label: 'evaluation-access' });
    sql = sqlOf(t.dataSource);
    const admin = await loginAsAdmin(t);
    const owning = await buyerOfNewPublicBody(t, admin);
    owningBodyId = owning.publicBodyId;
    const otherBody = await buyerOfNewPublicBody(t, admin);
    sessions.admin = admin;
    sessions.owningBuyer = owning;
    sessions.otherBodyBuyer = otherBody;
    sessions.secretary = await createAccount(t, admin, 'buyer', owningBodyId);
    sessions.signedEvaluator = await createAccount(t, admin, 'evaluator');
    sessions.unsignedEvaluator = await createAccount(t, admin, 'evaluator');
    sessions.recusedEvaluator = await createAccount(t, admin, 'buyer', otherBody.publicBodyId);
    sessions.auditor = await createAccount(t, admin, 'auditor');
    colleague = await createAccount(t, admin, 'buyer', owningBodyId);

    const vendor = async (name: string) => {
      const session = await registerVendor(t, name);
      const org = await createVendorOrganization(t, session);
      return { session, org: { id: org.id, legalName: org.legalName } };
    };
    const a = await vendor('Alpha');
    const b = await vendor('Bêta');
    const c = await vendor('Gamma');
    const d = await vendor('Delta');
    sessions.bidder = a.session;
    sessions.otherBidder = b.session;
    sessions.nonBidder = d.session;
    [vendorA, vendorB, vendorC] = [a.org, b.org, c.org];

    // The opportunity, closed an hour ago (as the closing job leaves it), and its proposals.
    const o = await seedOpportunity(sql, {
      publicBodyId: owningBodyId,
      createdById: owning.userId,
      status: 'EVALUATION',
      title: 'Accès pendant l’évaluation',
      deadlineIn: '-1 hour',
      publishedAgo: '20 days',
      estimatedValueCents: ESTIMATED_VALUE,
    });
    opportunityId = o.id;
    const propose = async (v: { session: Session; org: { id: string } }, priceCents: number, text: string) =>
      (
        await seedProposal(sql, {
          opportunityId,
          vendorId: v.org.id,
          authorId: v.session.userId,
          status: 'UNDER_EVALUATION',
          priceCents,
          responseText: text,
        })
      ).id;
    pA = await propose(a, PRICE_A, 'Réponse scellée Alpha');
    pB = await propose(b, PRICE_B, 'Réponse scellée Bêta');
    pC = await propose(c, PRICE_C, 'Réponse scellée Gamma');

    // The committee: a secretary and four evaluators, one external that never signs and one
    // (buyer of another body) recused for a conflict with A; three non-recused evaluators remain.
    await t
      .http()
      .put(api(`/opportunities/${opportunityId}/committee`))
      .set(owning.auth)
      .send({
        secretaryId: sessions.secretary.userId,
        evaluatorIds: [
          sessions.signedEvaluator.userId,
          colleague.userId,
          sessions.unsignedEvaluator.userId,
          sessions.recusedEvaluator.userId,
        ],
      })
      .expect(200);
    for (const member of [sessions.secretary, sessions.signedEvaluator, colleague]) await declare(member);
    await declare(sessions.recusedEvaluator, [vendorA.id]);

    // One individual score, so the scores route has something sealed to show or hide.
    const criteria = (
      await sql(`SELECT id FROM opportunity_criterion WHERE opportunity_id = $1 ORDER BY position`, [opportunityId])
    ).map((r) => r.id as string);
    await t
      .http()
      .put(api(`/proposals/${pA}/scores`))
      .set(sessions.signedEvaluator.auth)
      .send({ scores: criteria.map((criterionId) => ({ criterionId, score: 85, comment: SECRET_COMMENT })) })
      .expect(200);
  });

  afterAll(async () => {
    await t?.close();
  });

  /** Moves the opportunity into `phase` through the API (secretary's lock, owning buyer's award). */
  async function enter(phase: Phase): Promise<void> {
    if (phase === 'afterLock') {
      const criteria = (
        await sql(`SELECT id FROM opportunity_criterion WHERE opportunity_id = $1 ORDER BY position`, [opportunityId])
      ).map((r) => r.id as string);
      for (const [proposalId, score] of [
        [pA, 85],
        [pB, 90],
        [pC, 60],
      ] as const) {
        await t
          .http()
          .put(api(`/proposals/${proposalId}/consensus`))
          .set(sessions.secretary.auth)
          .send({ scores: criteria.map((criterionId) => ({ criterionId, score, rationale: 'Consensus du comité' })) })
          .expect(200);
      }
      const lock = await t
        .http()
        .post(api(`/opportunities/${opportunityId}/evaluation/lock`))
        .set(sessions.secretary.auth)
        .expect(200);
      expect(lock.body.items).toEqual([
        expect.objectContaining({ proposalId: pB, priceCents: PRICE_B, adjustedPriceCents: ADJUSTED_B, rank: 1 }),
        expect.objectContaining({ proposalId: pA, priceCents: PRICE_A, adjustedPriceCents: ADJUSTED_A, rank: 2 }),
        expect.objectContaining({
          proposalId: pC,
          priceCents: PRICE_C,
          adjustedPriceCents: null,
          rank: null,
          acceptable: false,
        }),
      ]);
    }
    if (phase === 'afterAward') {
      const award = await t
        .http()
        .post(api(`/opportunities/${opportunityId}/award`))
        .set(sessions.owningBuyer.auth)
        .send({ proposalId: pB })
        .expect(200);
      contractId = award.body.contractId;
      expect(typeof contractId).toBe('string');
    }
  }

  for (const phase of PHASES) {
    describe(`phase ${phase}`, () => {
      beforeAll(async () => {
        await enter(phase);
      });

      describe('GET /proposals/:id (proposal A)', () => {
        for (const reader of READERS) {
          const expected = PROPOSAL_READ[reader][phase];
          it(`${reader} → ${describeOutcome(expected)}`, async () => {
            const res = await get(reader, `/proposals/${pA}`);
            if (expected.status !== 200) return expectRefusal(res, expected);
            expect(res.status).toBe(200);
            expect(res.body).toMatchObject({ id: pA, vendorId: vendorA.id });
            expect(res.body.responses[0].text).toContain('Réponse scellée Alpha');
            if (expected.price) {
              expect(res.body.priceCents).toBe(PRICE_A);
              expect(typeof res.body.receiptHash).toBe('string');
            } else {
              expect(res.body).not.toHaveProperty('priceCents');
              // The receipt hash (SHA-256 of content + price) would let the price be brute-forced.
              expect(res.body).not.toHaveProperty('receiptHash');
              expectNoSealedAmounts(res);
            }
          });
        }
      });

      describe('GET /opportunities/:id/proposals', () => {
        for (const reader of READERS) {
          const expected = PROPOSAL_LIST[reader][phase];
          it(`${reader} → ${describeOutcome(expected)}`, async () => {
            const res = await get(reader, `/opportunities/${opportunityId}/proposals`);
            if (expected.status !== 200) return expectRefusal(res, expected);
            expect(res.status).toBe(200);
            const items = res.body.items as { id: string; priceCents?: number; receiptHash?: string }[];
            const ownId = reader === 'bidder' ? pA : pB;
            const expectedIds = { all: [pA, pB, pC], own: [ownId], none: [] as string[] }[expected.items];
            expect(items.map((i) => i.id).sort()).toEqual([...expectedIds].sort());
            expect(res.body.total).toBe(expectedIds.length);
            const priceOf: Record<string, number> = { [pA]: PRICE_A, [pB]: PRICE_B, [pC]: PRICE_C };
            for (const item of items) {
              if (expected.price) expect(item.priceCents).toBe(priceOf[item.id]);
              else expect(item).not.toHaveProperty('priceCents');
            }
            if (!expected.price) expectNoSealedAmounts(res);
            if (expected.items === 'own') expectNoSealedAmounts(res, [priceOf[ownId]]);
            if (expected.items === 'none') expectNoSealedAmounts(res);
          });
        }
      });

      describe('GET /proposals/:id/scores (proposal A)', () => {
        for (const reader of READERS) {
          const expected = SCORES[reader][phase];
          it(`${reader} → ${describeOutcome(expected)}`, async () => {
            const res = await get(reader, `/proposals/${pA}/scores`);
            if (expected.status !== 200) {
              expectRefusal(res, expected);
              expect(JSON.stringify(res.body)).not.toContain(SECRET_COMMENT);
              return;
            }
            expect(res.status).toBe(200);
            expect(res.body).toMatchObject({ proposalId: pA, blind: false });
            expect(res.body.items).toEqual(
              expect.arrayContaining([
                expect.objectContaining({ evaluatorId: sessions.signedEvaluator.userId, comment: SECRET_COMMENT }),
              ]),
            );
            if (expected.secretary) expect(res.body.averages).toHaveLength(3);
            else expect(res.body.averages).toBeNull();
            // Scores never carry prices, before or after the lock.
            expectNoSealedAmounts(res);
          });
        }
      });

      describe('GET /opportunities/:id/ranking', () => {
        for (const reader of READERS) {
          const expected = RANKING[reader][phase];
          it(`${reader} → ${describeOutcome(expected)}`, async () => {
            const res = await get(reader, `/opportunities/${opportunityId}/ranking`);
            if (expected.status !== 200) return expectRefusal(res, expected);
            expect(res.status).toBe(200);
            const items = res.body.items as {
              proposalId: string;
              qualityScore: string | null;
              priceCents: number | null;
              adjustedPriceCents: number | null;
              rank: number | null;
            }[];
            expect(items.map((i) => [i.proposalId, i.rank])).toEqual([
              [pB, 1],
              [pA, 2],
              [pC, null],
            ]);
            if (expected.figures) {
              expect(items.map((i) => [i.qualityScore, i.priceCents, i.adjustedPriceCents])).toEqual([
                ['90.00', PRICE_B, ADJUSTED_B],
                ['85.00', PRICE_A, ADJUSTED_A],
                ['60.00', PRICE_C, null],
              ]);
            } else {
              for (const item of items)
                expect(item).toMatchObject({ qualityScore: null, priceCents: null, adjustedPriceCents: null });
              expectNoSealedAmounts(res);
            }
          });
        }
      });

      describe('GET /proposals/:id/result (proposal A)', () => {
        for (const reader of READERS) {
          const expected = RESULT[reader][phase];
          it(`${reader} → ${describeOutcome(expected)}`, async () => {
            const res = await get(reader, `/proposals/${pA}/result`);
            if (expected.status !== 200) return expectRefusal(res, expected);
            expect(res.status).toBe(200);
            // Own figures, and the winner's name, score, price and adjusted price (§5.1, §7).
            expect(res.body).toMatchObject({
              proposalId: pA,
              status: 'NOT_AWARDED',
              qualityScore: '85.00',
              priceCents: PRICE_A,
              adjustedPriceCents: ADJUSTED_A,
              rank: 2,
              winner: {
                vendorName: vendorB.legalName,
                qualityScore: '90.00',
                priceCents: PRICE_B,
                adjustedPriceCents: ADJUSTED_B,
              },
            });
            // Nothing about the third bidder.
            expectNoSealedAmounts(res, [PRICE_A, ADJUSTED_A, PRICE_B, ADJUSTED_B]);
            expect(JSON.stringify(res.body)).not.toContain(vendorC.legalName);
          });
        }
        if (phase === 'afterAward') {
          it('the winner reads its own result (AWARDED, rank 1)', async () => {
            const res = await get('otherBidder', `/proposals/${pB}/result`).expect(200);
            expect(res.body).toMatchObject({
              proposalId: pB,
              status: 'AWARDED',
              rank: 1,
              priceCents: PRICE_B,
              winner: { vendorName: vendorB.legalName },
            });
            expectNoSealedAmounts(res, [PRICE_B, ADJUSTED_B]);
          });
        }
      });

      if (phase === 'afterAward') {
        describe('GET /contracts/:id', () => {
          for (const reader of READERS) {
            const expected = CONTRACT[reader];
            it(`${reader} → ${describeOutcome(expected)}`, async () => {
              const res = await get(reader, `/contracts/${contractId}`);
              if (expected.status !== 200) return expectRefusal(res, expected);
              expect(res.status).toBe(200);
              expect(res.body).toMatchObject({
                id: contractId,
                proposalId: pB,
                supplier: { id: vendorB.id },
                initialAmountCents: PRICE_B,
              });
              expectNoSealedAmounts(res, [PRICE_B]);
            });
          }
        });
      }

      describe('GET /opportunities/:id (proposalCount, award notice)', () => {
        for (const reader of READERS) {
          // After the deadline everyone may know the number; after award everyone learns the
          // winner's name and the contract amount, and nothing else sealed.
          it(`${reader} → 200, proposalCount 3${phase === 'afterAward' ? ', award notice' : ', no award notice'}`, async () => {
            const res = await get(reader, `/opportunities/${opportunityId}`);
            expect(res.status).toBe(200);
            expect(res.body.proposalCount).toBe(3);
            if (phase === 'afterAward') {
              expect(res.body.status).toBe('AWARDED');
              expect(res.body.award).toMatchObject({
                vendorId: vendorB.id,
                vendorName: vendorB.legalName,
                contractAmountCents: PRICE_B,
              });
            } else {
              expect(res.body.status).toBe('EVALUATION');
              expect(res.body.award).toBeNull();
            }
            expectNoSealedAmounts(res, publicAmounts(phase));
            for (const name of [vendorA.legalName, vendorC.legalName])
              expect(JSON.stringify(res.body)).not.toContain(name);
          });
        }
      });
    });
  }
});
