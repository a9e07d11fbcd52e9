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
  /** Consensus scores in criterion order (JSON aggregated per proposal). */
  criterion_scores: { criterionId: string; score: string }[];
  winner_name: string | null;
  winner_quality_score: string | null;
  winner_price_cents: number | null;
  winner_adjusted_price_cents: number | null;
}

/** A proposal's consensus scores in criterion order, as JSON (`p` is the proposal). */
const CRITERION_SCORES = `(SELECT coalesce(json_agg(json_build_object('criterionId', cs.criterion_id, 'score', cs.score::text)
                                             ORDER BY c.position), '[]')
                      FROM consensus_score cs JOIN opportunity_criterion c ON c.id = cs.criterion_id
                     WHERE cs.proposal_id = p.id)`;

export interface BidderResult extends ProposalResultView {
  vendorId: string;
}

/**
 * Each bidder's result once the opportunity is concluded (domain.md §7): its own Q, price,
 * adjusted price and rank, and the winner's name, Q, price and adjusted price (null without
 * an award). The e-mails of the award and `GET /proposals/:id/result` both read this, so a
 * vendor reads the same figures in both. `proposalId` narrows to one proposal; `scores: false`
 * leaves `criterionScores` empty (the e-mails do not show them).
 *
 * One statement whatever the number of bidders: the winner joined to every row, the
 * consensus scores aggregated per proposal (the award reads 200 rows, not 200 × criteria).
 */
export async function bidderResults(
  em: EntityManager,
  opportunityId: string,
  { proposalId, scores = true }: { proposalId?: string; scores?: boolean } = {},
): Promise<BidderResult[]> {
  const rows = await em.query<ResultRow[]>(
    `SELECT p.id, p.opportunity_id, p.vendor_id, p.status, p.quality_score::text AS quality_score, pp.price_cents,
            p.adjusted_price_cents, p.rank, p.disqualification_reason,
            ${scores ? CRITERION_SCORES : `'[]'::json`} AS criterion_scores,
            w.legal_name AS winner_name, w.quality_score AS winner_quality_score, w.price_cents AS winner_price_cents,
            w.adjusted_price_cents AS winner_adjusted_price_cents
       FROM proposal p JOIN proposal_price pp ON pp.proposal_id = p.id
       LEFT JOIN LATERAL (
         SELECT v.legal_name, wp.quality_score::text AS quality_score, wpp.price_cents, wp.adjusted_price_cents
           FROM proposal wp
           JOIN proposal_price wpp ON wpp.proposal_id = wp.id
           JOIN vendor_organization v ON v.id = wp.vendor_id
          WHERE wp.opportunity_id = $1 AND wp.status = 'AWARDED'
          LIMIT 1
       ) w ON true
      WHERE p.opportunity_id = $1 AND p.status = ANY($2::text[]) AND ($3::uuid IS NULL OR p.id = $3::uuid)
      ORDER BY p.rank NULLS LAST, p.id`,
    [opportunityId, RESULT_STATUSES, proposalId ?? null],
  );
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
    criterionScores: r.criterion_scores,
    winner:
      r.winner_name !== null
        ? {
            vendorName: r.winner_name,
            qualityScore: r.winner_quality_score,
            priceCents: Number(r.winner_price_cents),
            adjustedPriceCents: r.winner_adjusted_price_cents === null ? null : Number(r.winner_adjusted_price_cents),
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
