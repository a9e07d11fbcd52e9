import { evaluationApi } from './evaluation-api';
import {
  buyerOfNewPublicBody,
  createAccount,
  createProposal,
  loginAsAdmin,
  OpportunityBody,
  proposalBody,
  publishOpportunity,
  seedVendor,
  Session,
  setDeadlines,
  submitProposal,
} from './scenario';
import type { TestApp } from './test-app';

/**
 * The evaluation set-up, once, as a story over the HTTP API: an opportunity published by an
 * admin, bidders who submit, a committee (a secretary and three evaluators, one external),
 * then the closing, the declarations, the scores, the consensus and the lock. Suites that
 * need one of these steps call it rather than copying it.
 */
export interface Bid {
  priceCents: number;
  /** The consensus score of each criterion (the default criteria weigh 40 / 35 / 25). */
  consensus: number[];
}

export interface Bidder extends Bid {
  session: Session;
  vendorId: string;
  proposalId: string;
}

export interface Tender {
  admin: Session;
  buyer: Session & { publicBodyId: string };
  secretary: Session;
  evaluators: Session[];
  opportunity: OpportunityBody;
  criteria: string[];
  bidders: Bidder[];
}

/**
 * The people of an evaluation, once for every suite that needs them: an admin, a buyer of a
 * new public body (the owning buyer), a colleague as secretary, three more colleagues, an
 * external evaluator, an auditor and a buyer of another public body.
 */
export interface EvaluationCast {
  admin: Session;
  owning: Session & { publicBodyId: string };
  secretary: Session;
  colleagues: [Session, Session, Session];
  external: Session;
  auditor: Session;
  otherBuyer: Session & { publicBodyId: string };
}

export async function evaluationCast(t: TestApp): Promise<EvaluationCast> {
  const admin = await loginAsAdmin(t);
  const owning = await buyerOfNewPublicBody(t, admin);
  const colleague = () => createAccount(t, admin, 'buyer', owning.publicBodyId);
  return {
    admin,
    owning,
    secretary: await colleague(),
    colleagues: [await colleague(), await colleague(), await colleague()],
    external: await createAccount(t, admin, 'evaluator'),
    auditor: await createAccount(t, admin, 'auditor'),
    otherBuyer: await buyerOfNewPublicBody(t, admin),
  };
}

/** Publishes an opportunity (deadline in 30 days unless overridden) and has each bid submitted over HTTP. */
export async function submitProposals(
  t: TestApp,
  bids: readonly Bid[],
  overrides: Record<string, unknown> = {},
): Promise<Tender> {
  const admin = await loginAsAdmin(t);
  const buyer = await buyerOfNewPublicBody(t, admin);
  const opportunity = await publishOpportunity(t, { admin, buyer }, overrides);
  const bidders: Bidder[] = [];
  for (const bid of bids) {
    const session = await seedVendor(t);
    const draft = await createProposal(
      t,
      session,
      opportunity.id,
      proposalBody(opportunity, session.vendorId, { priceCents: bid.priceCents }),
    );
    await submitProposal(t, session, draft.id);
    bidders.push({ ...bid, session, vendorId: session.vendorId, proposalId: draft.id });
  }
  return {
    admin,
    buyer,
    secretary: buyer,
    evaluators: [],
    opportunity,
    criteria: opportunity.criteria.map((c) => c.id),
    bidders,
  };
}

/** The owning buyer appoints a committee: a colleague as secretary, two colleagues and one external evaluator. */
export async function appointCommittee(t: TestApp, tender: Tender): Promise<Tender> {
  const { admin, buyer } = tender;
  const secretary = await createAccount(t, admin, 'buyer', buyer.publicBodyId);
  const evaluators = [
    await createAccount(t, admin, 'buyer', buyer.publicBodyId),
    await createAccount(t, admin, 'buyer', buyer.publicBodyId),
    await createAccount(t, admin, 'evaluator'),
  ];
  await t
    .http()
    .put(`/api/v1/opportunities/${tender.opportunity.id}/committee`)
    .set(buyer.auth)
    .send({ secretaryId: secretary.userId, evaluatorIds: evaluators.map((e) => e.userId) })
    .expect(200);
  return Object.assign(tender, { secretary, evaluators });
}

/** The proposal deadline passes (the database clock cannot move: the deadline does). Nothing else runs. */
export async function passDeadline(t: TestApp, tender: Tender): Promise<void> {
  await setDeadlines(t, tender.opportunity.id, { questions: '-2 seconds', proposal: '-1 second' });
}

/**
 * Declarations, individual scores, consensus and lock, each request expected to succeed;
 * returns the ranking the lock answered.
 */
export async function closeAndEvaluate(t: TestApp, tender: Tender) {
  const api = evaluationApi(() => t);
  const id = tender.opportunity.id;
  for (const member of [tender.secretary, ...tender.evaluators]) await api.declare(member, id);
  const scoresOf = (values: number[], label: string) =>
    tender.criteria.map((criterionId, i) => ({ criterionId, score: values[i], [label]: `Appréciation ${i + 1}` }));
  for (const b of tender.bidders) {
    for (const evaluator of tender.evaluators) {
      await api.putScores(evaluator, b.proposalId, { scores: scoresOf(b.consensus, 'comment') }).expect(200);
    }
    await api.putConsensus(tender.secretary, b.proposalId, { scores: scoresOf(b.consensus, 'rationale') }).expect(200);
  }
  const locked = await api.lock(tender.secretary, id).expect(200);
  return locked.body as {
    items: { proposalId: string; qualityScore: string; acceptable: boolean; rank: number | null }[];
  };
}
