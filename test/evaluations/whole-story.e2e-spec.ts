import { SmtpSink, ReceivedMail } from '../support/smtp-sink';
import {
  auditEventsFor,
  createDraft,
  createProposal,
  createVendorOrganization,
  expectEnvelope,
  OpportunityBody,
  proposalBody,
  registerVendor,
  Session,
  setDeadlines,
  submitForReview,
  submitProposal,
  unique,
} from '../support/scenario';
import { evaluationCast } from '../support/evaluation-story';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';
import { ReleaseRequest, ReleaseWriter } from '../../src/common/command/release-seam';

/**
 * The whole story of one opportunity, on PostgreSQL and Redis, through the HTTP API
 * (domain.md §5.1, §6, §7; api.md "Evaluation and award" and "Audit"): publication, five
 * sealed proposals, the closing job at the deadline, the committee with one recusal, scores,
 * consensus, lock and ranking, the award and its contract, the result e-mails read from a real
 * SMTP server, each bidder's result, the public award notice, and the audit chain.
 *
 * Criteria weigh 40 / 35 (minimum required) / 25; method adjusted_price with K = 30 %, so
 * adjustedPrice = price × 3000 / (3000 + 30 × (Q − 70)), rounded half-up to the cent.
 */
const NBSP = '\u00a0';

interface Bidder {
  label: string;
  session: Session;
  vendorId: string;
  legalName: string;
  priceCents: number;
  /** Consensus score per criterion (40 / 35 / 25). */
  consensus: [number, number, number];
  qualityScore: string;
  acceptable: boolean;
  /** Expected, computed by hand from the formula. */
  adjustedPriceCents: number | null;
  rank: number | null;
  proposalId: string;
}

describe('The whole story: publication → proposals → closing → committee → evaluation → award → results → audit', () => {
  let smtp: SmtpSink;
  let t: TestApp;
  let admin: Session;
  let buyer: Session & { publicBodyId: string };
  let secretary: Session;
  let colleague1: Session;
  let colleague2: Session;
  let colleague3: Session;
  let external: Session;
  let auditor: Session;
  let opportunity: OpportunityBody;
  let criteria: string[];
  let award: { contractId: string; contractReference: string };
  const results = new Map<string, ReceivedMail>();
  /** Every call of the release seam, in commit order of the commands that made it. */
  const releases: ReleaseRequest[] = [];

  // Five bidders. The cheapest one (Epsilon) falls below the quality threshold; the winner
  // (Bêta) is neither the cheapest nor the best scored alone, but has the lowest adjusted price.
  const bidders: Bidder[] = [
    // domain.md's worked example: 60 000.00 $, Q 85, K 30 % → factor 1.15 → 52 173.91 $.
    {
      label: 'Alpha',
      priceCents: 6_000_000,
      consensus: [85, 85, 85],
      qualityScore: '85.00',
      acceptable: true,
      adjustedPriceCents: 5_217_391,
      rank: 3,
    },
    // 5 000 000 × 3000 / 3600 = 4 166 666.67 → 4 166 667.
    {
      label: 'Bêta',
      priceCents: 5_000_000,
      consensus: [90, 90, 90],
      qualityScore: '90.00',
      acceptable: true,
      adjustedPriceCents: 4_166_667,
      rank: 1,
    },
    // 4 500 000 × 3000 / 3150 = 4 285 714.29 → 4 285 714.
    {
      label: 'Gamma',
      priceCents: 4_500_000,
      consensus: [75, 75, 75],
      qualityScore: '75.00',
      acceptable: true,
      adjustedPriceCents: 4_285_714,
      rank: 2,
    },
    // Q = 28 + 26.25 + 18.25 = 72.50; 5 500 000 × 3000 / 3075 = 5 365 853.66 → 5 365 854.
    {
      label: 'Delta',
      priceCents: 5_500_000,
      consensus: [70, 75, 73],
      qualityScore: '72.50',
      acceptable: true,
      adjustedPriceCents: 5_365_854,
      rank: 4,
    },
    // Q = 24 + 22.75 + 17.5 = 64.25 < 70: NOT_ACCEPTABLE, although the cheapest.
    {
      label: 'Epsilon',
      priceCents: 3_000_000,
      consensus: [60, 65, 70],
      qualityScore: '64.25',
      acceptable: false,
      adjustedPriceCents: null,
      rank: null,
    },
  ].map((b) => ({
    ...b,
    consensus: b.consensus as [number, number, number],
    session: undefined as unknown as Session,
    vendorId: '',
    legalName: '',
    proposalId: '',
  }));
  const winner = bidders[1];
  const notAcceptable = bidders[4];

  const api = (path: string) => `/api/v1${path}`;
  const money = (cents: number) => {
    const whole = String(Math.trunc(cents / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
    return `${whole},${String(cents % 100).padStart(2, '0')}${NBSP}$`;
  };
  const decimalFr = (q: string) => q.replace('.', ',');
  const declare = (who: Session, conflictWithVendorIds: string[] = []) =>
    t
      .http()
      .post(api(`/opportunities/${opportunity.id}/declarations`))
      .set(who.auth)
      .send({ confidentiality: true, conflictWithVendorIds });
  const putScores = (who: Session, proposalId: string, values: number[]) =>
    t
      .http()
      .put(api(`/proposals/${proposalId}/scores`))
      .set(who.auth)
      .send({
        scores: criteria.map((criterionId, i) => ({ criterionId, score: values[i], comment: `Appréciation ${i + 1}` })),
      });

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    t = await startTestApp({
      label: 'wholestory',
      redis: true,
      // A one-second closing sweep (a real BullMQ job scheduler on Redis) and the loopback SMTP sink.
      env: { MIN_TENDER_PERIOD_DAYS: '0', QUESTIONS_CLOSE_HOURS: '0', CLOSING_SWEEP_MS: '1000', SMTP_URL: smtp.url },
    });
    const writer = t.app.get(ReleaseWriter);
    const insertions = writer.insertions.bind(writer);
    jest.spyOn(writer, 'insertions').mockImplementation(async (em, requests) => {
      releases.push(...requests);
      return insertions(em, requests);
    });
    ({
      admin,
      owning: buyer,
      secretary,
      colleagues: [colleague1, colleague2, colleague3],
      external,
      auditor,
    } = await evaluationCast(t));
    for (const b of bidders) {
      b.session = await registerVendor(t, `Soumissionnaire ${b.label}`);
      const org = await createVendorOrganization(t, b.session, { legalName: `${b.label} ${unique('Logiciels')} inc.` });
      b.vendorId = org.id;
      b.legalName = org.legalName;
    }
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('the buyer drafts and submits the opportunity, the admin publishes it', async () => {
    const draft = await createDraft(t, buyer);
    await submitForReview(t, buyer, draft.id);
    const res = await t
      .http()
      .post(api(`/opportunities/${draft.id}/publish`))
      .set(admin.auth)
      .expect(200);
    opportunity = res.body as OpportunityBody;
    expect(opportunity.status).toBe('PUBLISHED');
    expect(opportunity.reference).toMatch(/^EEC-\d{4}-\d{4}$/);
    expect(opportunity.kPercent).toBe(30);
    criteria = opportunity.criteria.map((c) => c.id);
    expect(criteria).toHaveLength(3);

    const anonymous = await t
      .http()
      .get(api(`/opportunities/${opportunity.id}`))
      .expect(200);
    expect(anonymous.body).toMatchObject({ status: 'PUBLISHED', award: null });
  });

  it('five vendors submit sealed proposals at different prices', async () => {
    for (const b of bidders) {
      const draft = await createProposal(
        t,
        b.session,
        opportunity.id,
        proposalBody(opportunity, b.vendorId, { priceCents: b.priceCents }),
      );
      const submitted = await submitProposal(t, b.session, draft.id, `depot-${draft.id}`);
      expect(submitted.status).toBe('SUBMITTED');
      b.proposalId = draft.id;
    }
    // Sealed: before the deadline, the public does not even learn the count.
    const anonymous = await t
      .http()
      .get(api(`/opportunities/${opportunity.id}`))
      .expect(200);
    expect(anonymous.body.proposalCount ?? null).toBeNull();
  });

  it('the owning buyer appoints the committee before the deadline (one more evaluator than the minimum)', async () => {
    const res = await t
      .http()
      .put(api(`/opportunities/${opportunity.id}/committee`))
      .set(buyer.auth)
      .send({
        secretaryId: secretary.userId,
        evaluatorIds: [colleague1.userId, colleague2.userId, colleague3.userId, external.userId],
      })
      .expect(200);
    expect(res.body.secretaryId).toBe(secretary.userId);
    expect(res.body.evaluators.map((e: { id: string }) => e.id).sort()).toEqual(
      [colleague1.userId, colleague2.userId, colleague3.userId, external.userId].sort(),
    );
  });

  it('at the deadline the closing job moves the opportunity to EVALUATION and the proposals under evaluation', async () => {
    await setDeadlines(t, opportunity.id, { questions: '-2 seconds', proposal: '-1 second' });
    // No direct call: the scheduled closing job (BullMQ, every second) materialises the closing.
    await waitFor(
      'the closing job to store EVALUATION',
      async () => {
        const [row] = (await t.dataSource.query(`SELECT status, closed_at FROM opportunity WHERE id = $1`, [
          opportunity.id,
        ])) as { status: string; closed_at: Date | null }[];
        return row.status === 'EVALUATION' && row.closed_at !== null;
      },
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    const statuses = (await t.dataSource.query(`SELECT status FROM proposal WHERE opportunity_id = $1`, [
      opportunity.id,
    ])) as { status: string }[];
    expect(statuses.map((s) => s.status)).toEqual(Array(5).fill('UNDER_EVALUATION'));

    const anonymous = await t
      .http()
      .get(api(`/opportunities/${opportunity.id}`))
      .expect(200);
    expect(anonymous.body).toMatchObject({ status: 'EVALUATION', proposalCount: 5, award: null });
  });

  it('members sign their declarations; the one declaring a conflict with a bidder is recused', async () => {
    for (const member of [secretary, colleague1, colleague2, external]) {
      expect((await declare(member).expect(201)).body.recused).toBe(false);
    }
    expect((await declare(colleague3, [notAcceptable.vendorId]).expect(201)).body.recused).toBe(true);

    // The recused member scores nothing and reads no proposal.
    expectEnvelope(await putScores(colleague3, winner.proposalId, [80, 80, 80]).expect(403), 'RECUSED');
  });

  it('each evaluator in standing scores every proposal; prices stay sealed from the committee', async () => {
    for (const b of bidders) {
      for (const [i, evaluator] of [colleague1, colleague2, external].entries()) {
        // Individual scores around the consensus (the consensus is not their average).
        const values = b.consensus.map((s) => Math.min(100, s + i - 1));
        const res = await putScores(evaluator, b.proposalId, values).expect(200);
        // Once its own scores are in, the evaluator sees those of everyone who scored before.
        expect(res.body.items).toHaveLength(3 * (i + 1));
        expect(res.body.items.filter((s: { evaluatorId: string }) => s.evaluatorId === evaluator.userId)).toHaveLength(
          3,
        );
      }
    }
    const read = await t
      .http()
      .get(api(`/proposals/${winner.proposalId}`))
      .set(colleague1.auth)
      .expect(200);
    expect(read.body).not.toHaveProperty('priceCents');
  });

  it('the secretary records the consensus; Q is computed from the weights', async () => {
    for (const b of bidders) {
      const res = await t
        .http()
        .put(api(`/proposals/${b.proposalId}/consensus`))
        .set(secretary.auth)
        .send({
          scores: criteria.map((criterionId, i) => ({
            criterionId,
            score: b.consensus[i],
            rationale: `Consensus du comité ${i + 1}`,
          })),
        })
        .expect(200);
      expect(res.body).toEqual({ qualityScore: b.qualityScore });
    }
  });

  it('the secretary locks; the ranking has exact adjusted prices and the not-acceptable proposal last', async () => {
    const locked = await t
      .http()
      .post(api(`/opportunities/${opportunity.id}/evaluation/lock`))
      .set(secretary.auth)
      .expect(200);
    const expectedItems = [...bidders]
      .sort((a, b) => (a.rank ?? 99) - (b.rank ?? 99))
      .map((b) => ({
        proposalId: b.proposalId,
        vendorId: b.vendorId,
        vendorName: b.legalName,
        qualityScore: b.qualityScore,
        acceptable: b.acceptable,
        priceCents: b.priceCents,
        adjustedPriceCents: b.adjustedPriceCents,
        rank: b.rank,
      }));
    expect(locked.body).toMatchObject({ method: 'adjusted_price', tie: false });
    expect(locked.body.items).toEqual(expectedItems.map((i) => expect.objectContaining(i)));

    const ranking = await t
      .http()
      .get(api(`/opportunities/${opportunity.id}/ranking`))
      .set(secretary.auth)
      .expect(200);
    expect(ranking.body).toMatchObject({ method: 'adjusted_price', tie: false });
    expect(Number(ranking.body.kPercent)).toBe(30);
    expect(ranking.body.items).toEqual(expectedItems.map((i) => expect.objectContaining(i)));
    // The recused member is still kept out.
    expectEnvelope(
      await t
        .http()
        .get(api(`/opportunities/${opportunity.id}/ranking`))
        .set(colleague3.auth)
        .expect(403),
      'RECUSED',
    );
  });

  it('the owning buyer awards the contract to the rank-1 proposal', async () => {
    // Not to another proposal.
    const wrong = await t
      .http()
      .post(api(`/opportunities/${opportunity.id}/award`))
      .set(buyer.auth)
      .send({ proposalId: bidders[2].proposalId })
      .expect(409);
    expectEnvelope(wrong, 'AWARD_NOT_ALLOWED');

    const res = await t
      .http()
      .post(api(`/opportunities/${opportunity.id}/award`))
      .set(buyer.auth)
      .send({ proposalId: winner.proposalId })
      .expect(200);
    expect(res.body).toEqual({
      contractId: expect.any(String),
      contractReference: expect.stringMatching(/^C-\d{4}-\d{4,}$/),
    });
    award = res.body;

    // Exactly one award.
    expectEnvelope(
      await t
        .http()
        .post(api(`/opportunities/${opportunity.id}/award`))
        .set(buyer.auth)
        .send({ proposalId: winner.proposalId })
        .expect(409),
      'ALREADY_AWARDED',
    );
  });

  it('every bidder receives its result by e-mail, with its own figures and the winner’s, in French', async () => {
    for (const b of bidders) {
      const mail = await smtp.waitForMail(
        (m) => m.to.includes(b.session.email.toLowerCase()) && m.subject.includes('Résultat'),
        20_000,
      );
      results.set(b.proposalId, mail);
      expect(mail.subject).toBe(
        `[${opportunity.reference}] Résultat de l’appel d’offres : ${(opportunity.title as { fr: string }).fr}`,
      );
      const text = mail.text;
      // Its own figures.
      expect(text).toContain(`Votre note de qualité (Q) : ${decimalFr(b.qualityScore)}`);
      expect(text).toContain(`Votre prix : ${money(b.priceCents)}`);
      if (b.adjustedPriceCents === null) {
        expect(text).not.toContain('Votre prix ajusté');
        expect(text).toContain('Votre rang : non classée');
      } else {
        expect(text).toContain(`Votre prix ajusté : ${money(b.adjustedPriceCents)}`);
        expect(text).toContain(`Votre rang : ${b.rank}`);
      }
      // The winner's.
      expect(text).toContain(`Entreprise retenue : ${winner.legalName}`);
      expect(text).toContain(`Sa note de qualité (Q) : ${decimalFr(winner.qualityScore)}`);
      expect(text).toContain(`Son prix : ${money(winner.priceCents)}`);
      expect(text).toContain(`Son prix ajusté : ${money(winner.adjustedPriceCents!)}`);
    }
    // Spot checks of the French formatting with literal values (no-break spaces, decimal comma).
    const alpha = results.get(bidders[0].proposalId)!.text;
    expect(alpha).toContain('Votre prix ajusté : 52\u00a0173,91\u00a0$');
    expect(alpha).toContain('Votre note de qualité (Q) : 85,00');
    expect(alpha).toContain('Votre rang : 3');
    expect(alpha).toContain('Son prix ajusté : 41\u00a0666,67\u00a0$');
    expect(results.get(winner.proposalId)!.text).toContain('Votre proposition est retenue');
    expect(results.get(bidders[2].proposalId)!.text).toContain('Votre proposition n’est pas retenue');
    expect(results.get(notAcceptable.proposalId)!.text).toContain('n’a pas atteint le seuil de qualité');
    // One result e-mail per bidder, not more.
    for (const b of bidders)
      expect(smtp.mailsTo(b.session.email).filter((m) => m.subject.includes('Résultat'))).toHaveLength(1);
  });

  it('each bidder reads the same figures through GET /proposals/:id/result', async () => {
    for (const b of bidders) {
      const res = await t
        .http()
        .get(api(`/proposals/${b.proposalId}/result`))
        .set(b.session.auth)
        .expect(200);
      expect(res.body).toMatchObject({
        status: b === winner ? 'AWARDED' : b.acceptable ? 'NOT_AWARDED' : 'NOT_ACCEPTABLE',
        qualityScore: b.qualityScore,
        adjustedPriceCents: b.adjustedPriceCents,
        rank: b.rank,
        winner: {
          vendorName: winner.legalName,
          qualityScore: winner.qualityScore,
          priceCents: winner.priceCents,
          adjustedPriceCents: winner.adjustedPriceCents,
        },
      });
      // What the e-mail said, the API says.
      const text = results.get(b.proposalId)!.text;
      expect(text).toContain(`Votre note de qualité (Q) : ${decimalFr(res.body.qualityScore)}`);
      if (res.body.adjustedPriceCents !== null)
        expect(text).toContain(`Votre prix ajusté : ${money(res.body.adjustedPriceCents)}`);
      expect(text).toContain(res.body.rank === null ? 'Votre rang : non classée' : `Votre rang : ${res.body.rank}`);
      expect(text).toContain(`Son prix ajusté : ${money(res.body.winner.adjustedPriceCents)}`);
    }
    // A bidder reads only its own result: another bidder's proposal does not exist for it (§5.1).
    const other = await t
      .http()
      .get(api(`/proposals/${winner.proposalId}/result`))
      .set(bidders[0].session.auth)
      .expect(404);
    expectEnvelope(other, 'NOT_FOUND');
  });

  it('the public reads the award notice on the opportunity', async () => {
    const res = await t
      .http()
      .get(api(`/opportunities/${opportunity.id}`))
      .expect(200);
    expect(res.body.status).toBe('AWARDED');
    expect(res.body.award).toMatchObject({
      vendorId: winner.vendorId,
      vendorName: winner.legalName,
      contractAmountCents: winner.priceCents,
      contractReference: award.contractReference,
    });
    // The public learns the winner and the amount, not the others' prices.
    const body = JSON.stringify(res.body);
    for (const b of bidders.filter((x) => x !== winner)) expect(body).not.toContain(String(b.priceCents));
  });

  it('the owning buyer reads the contract', async () => {
    const res = await t
      .http()
      .get(api(`/contracts/${award.contractId}`))
      .set(buyer.auth)
      .expect(200);
    expect(res.body).toMatchObject({
      id: award.contractId,
      reference: award.contractReference,
      status: 'ACTIVE',
      opportunityId: opportunity.id,
      opportunityReference: opportunity.reference,
      proposalId: winner.proposalId,
      supplier: { id: winner.vendorId, legalName: winner.legalName },
      initialAmountCents: winner.priceCents,
      deliveryDueDate: opportunity.deliveryDueDate,
    });
    expect(res.body.deliveryDueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('every step is in the audit log, and the chain verifies', async () => {
    const onOpportunity = (await auditEventsFor(t, auditor, opportunity.id)).map((e) => e.action);
    for (const action of [
      'opportunities.create',
      'opportunities.submit-for-review',
      'opportunities.publish',
      'committee.replace',
      'opportunities.close',
      'evaluation.lock',
      'evaluation.award',
    ]) {
      expect(onOpportunity.filter((a) => a === action)).toHaveLength(1);
    }
    expect(onOpportunity.filter((a) => a === 'committee.declaration.sign')).toHaveLength(5);

    const awardEvent = (await auditEventsFor(t, auditor, opportunity.id)).find((e) => e.action === 'evaluation.award')!;
    expect(awardEvent.actorId).toBe(buyer.userId);
    expect(awardEvent.data).toMatchObject({
      proposalId: winner.proposalId,
      contractId: award.contractId,
      contractReference: award.contractReference,
      priceCents: winner.priceCents,
    });

    for (const b of bidders) {
      const onProposal = (await auditEventsFor(t, auditor, b.proposalId)).map((e) => e.action);
      expect(onProposal).toEqual(
        expect.arrayContaining(['proposals.create', 'proposals.submit', 'proposal.consensus']),
      );
      expect(onProposal.filter((a) => a === 'proposal.scores.submit')).toHaveLength(3);
    }

    const onContract = await auditEventsFor(t, auditor, award.contractId);
    expect(onContract.map((e) => e.action)).toEqual(['contract.create']);
    expect(onContract[0].data).toMatchObject({
      reference: award.contractReference,
      initialAmountCents: winner.priceCents,
      supplierId: winner.vendorId,
    });

    const verify = await t.http().get(api('/audit/verify')).set(auditor.auth).expect(200);
    expect(verify.body).toMatchObject({ valid: true, firstBrokenSeq: null });
    expect(verify.body.checked).toBeGreaterThan(0);
  });

  it('calls the release seam from every state change, with its OCDS tags', async () => {
    // Every audit event of a status change (its data says from → to) came with one release call.
    const events = [
      ...(await auditEventsFor(t, auditor, opportunity.id)),
      ...(await Promise.all(bidders.map((b) => auditEventsFor(t, auditor, b.proposalId)))).flat(),
    ];
    const changes = events.filter((e) => e.data && 'from' in e.data && 'to' in e.data);
    const ours = releases.filter(
      (r) => r.entityId === opportunity.id || bidders.some((b) => b.proposalId === r.entityId),
    );
    expect(ours).toHaveLength(changes.length);
    expect(ours.every((r) => r.ocid === opportunity.ocid)).toBe(true);
    const tagsOf = (entityType: string) =>
      ours.filter((r) => r.entityType === entityType && r.tags.length > 0).map((r) => r.tags.join('+'));
    // Publication, closing (opportunity, then its proposals), lock (qualified, not acceptable), award.
    expect(tagsOf('opportunity')).toEqual([
      'tender',
      'tenderUpdate',
      'tenderUpdate',
      'tenderUpdate',
      'tenderUpdate',
      'award',
      'award+contract',
    ]);
    // Submissions before the deadline are sealed: a release call without tags, nothing to publish.
    expect(ours.filter((r) => r.entityType === 'proposal' && r.tags.length === 0)).toHaveLength(bidders.length);
  });
});
