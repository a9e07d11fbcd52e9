import { EntityManager } from 'typeorm';
import type { ProposalResultView } from './dto/award.dto';

/** Proposals that went through the evaluation and get a result (not drafts, not withdrawn). */
export const RESULT_STATUSES = ['AWARDED', 'NOT_AWARDED', 'NOT_ACCEPTABLE', 'DISQUALIFIED', 'QUALIFIED'] as const;

interface ResultRow {
  id: string;
  opportunity_id: string;
  vendor_id: string;
  status: string;
  quality_score: string | null;
  price_cents: number;
  adjusted_price_cents: number | null;
  rank: number | null;
  disqualification_reason: string | null;
}

export interface BidderResult extends ProposalResultView {
  vendorId: string;
}

/**
 * Each bidder's result once the opportunity is concluded (domain.md §7): its own Q, price,
 * adjusted price and rank, and the winner's name, Q, price and adjusted price (null without
 * an award). The e-mails of the award and `GET /proposals/:id/result` both read this, so a
 * vendor reads the same figures in both. `proposalId` narrows to one proposal.
 */
export async function bidderResults(
  em: EntityManager,
  opportunityId: string,
  proposalId?: string,
): Promise<BidderResult[]> {
  const rows = await em.query<ResultRow[]>(
    `SELECT p.id, p.opportunity_id, p.vendor_id, p.status, p.quality_score::text AS quality_score, pp.price_cents,
            p.adjusted_price_cents, p.rank, p.disqualification_reason
       FROM proposal p JOIN proposal_price pp ON pp.proposal_id = p.id
      WHERE p.opportunity_id = $1 AND p.status = ANY($2::text[]) AND ($3::uuid IS NULL OR p.id = $3::uuid)
      ORDER BY p.rank NULLS LAST, p.id`,
    [opportunityId, RESULT_STATUSES, proposalId ?? null],
  );
  const [winner] = await em.query<
    { legal_name: string; quality_score: string | null; price_cents: number; adjusted_price_cents: number | null }[]
  >(
    `SELECT v.legal_name, p.quality_score::text AS quality_score, pp.price_cents, p.adjusted_price_cents
       FROM proposal p
       JOIN proposal_price pp ON pp.proposal_id = p.id
       JOIN vendor_organization v ON v.id = p.vendor_id
      WHERE p.opportunity_id = $1 AND p.status = 'AWARDED'`,
    [opportunityId],
  );
  const consensus = await em.query<{ proposal_id: string; criterion_id: string; score: string }[]>(
    `SELECT cs.proposal_id, cs.criterion_id, cs.score::text AS score
       FROM consensus_score cs JOIN opportunity_criterion c ON c.id = cs.criterion_id
      WHERE cs.proposal_id = ANY($1::uuid[]) ORDER BY c.position`,
    [rows.map((r) => r.id)],
  );
  // Grouped once (already in criterion order): filtering the whole list per bidder is
  // quadratic (200 bidders × 10 criteria = 400 000 comparisons at the award).
  const scoresOf = new Map<string, { criterionId: string; score: string }[]>();
  for (const c of consensus) {
    const list = scoresOf.get(c.proposal_id);
    const score = { criterionId: c.criterion_id, score: c.score };
    if (list) list.push(score);
    else scoresOf.set(c.proposal_id, [score]);
  }
  return rows.map((r) => ({
    proposalId: r.id,
    opportunityId: r.opportunity_id,
    vendorId: r.vendor_id,
    status: r.status,
    qualityScore: r.quality_score,
    priceCents: Number(r.price_cents),
    adjustedPriceCents: r.adjusted_price_cents === null ? null : Number(r.adjusted_price_cents),
    rank: r.rank,
    disqualificationReason: r.disqualification_reason,
    criterionScores: scoresOf.get(r.id) ?? [],
    winner: winner
      ? {
          vendorName: winner.legal_name,
          qualityScore: winner.quality_score,
          priceCents: Number(winner.price_cents),
          adjustedPriceCents: winner.adjusted_price_cents === null ? null : Number(winner.adjusted_price_cents),
        }
      : null,
  }));
}

/**
 * The figures of one result as flat e-mail data (templates read flat fields). Only what the
 * bidder may read after the conclusion: its own figures and the winner's (§5.1, after award).
 */
export function resultMailData(evaluationMethod: string, r: ProposalResultView): Record<string, unknown> {
  return {
    evaluationMethod,
    proposalId: r.proposalId,
    status: r.status,
    qualityScore: r.qualityScore,
    priceCents: r.priceCents,
    adjustedPriceCents: r.adjustedPriceCents,
    rank: r.rank,
    disqualificationReason: r.disqualificationReason,
    winnerName: r.winner?.vendorName ?? null,
    winnerQualityScore: r.winner?.qualityScore ?? null,
    winnerPriceCents: r.winner?.priceCents ?? null,
    winnerAdjustedPriceCents: r.winner?.adjustedPriceCents ?? null,
  };
}
