import type { EntityManager } from 'typeorm';
import type { PerRowColumns } from '../proposals/proposal-transitions';
import type { ConsensusScore, RankedProposal } from './evaluation.rules';

/** A proposal under evaluation as the lock ranks it: its price, vendor and consensus scores. */
export interface ProposalToRank {
  id: string;
  vendor_id: string;
  legal_name: string;
  price_cents: number | null;
  consensus: ConsensusScore[];
}

/**
 * The lock's reads: marks the opportunity's scores locked and locks its proposals under
 * evaluation FOR UPDATE with their price and vendor (one statement), then reads their
 * consensus scores as plain rows, grouped here. The opportunity row is already locked by the
 * command; should the lock be refused afterwards (a consensus missing), the command's
 * transaction rolls the mark back with everything else. (Aggregating the scores per proposal
 * in SQL, `json_agg` or `array_agg`, cost PostgreSQL 5–8 ms for 200 × 10 on this machine,
 * the plain rows ≈ 1.5 ms.)
 */
export async function lockScores(em: EntityManager, opportunityId: string): Promise<ProposalToRank[]> {
  const proposals = await em.query<Omit<ProposalToRank, 'consensus'>[]>(
    `WITH locked AS (
       UPDATE opportunity SET scores_locked_at = now(), updated_at = now() WHERE id = $1 RETURNING id
     )
     SELECT p.id, p.vendor_id, v.legal_name, pp.price_cents
       FROM proposal p
       JOIN vendor_organization v ON v.id = p.vendor_id
       LEFT JOIN proposal_price pp ON pp.proposal_id = p.id
      WHERE p.opportunity_id = (SELECT id FROM locked) AND p.status = 'UNDER_EVALUATION'
      ORDER BY p.id FOR UPDATE OF p`,
    [opportunityId],
  );
  const scores = await em.query<{ proposal_id: string; criterion_id: string; score: string }[]>(
    `SELECT proposal_id, criterion_id, score::text AS score FROM consensus_score WHERE proposal_id = ANY($1::uuid[])`,
    [proposals.map((p) => p.id)],
  );
  const byProposal = new Map<string, ConsensusScore[]>(proposals.map((p) => [p.id, []]));
  for (const c of scores) byProposal.get(c.proposal_id)?.push({ criterionId: c.criterion_id, score: c.score });
  return proposals.map((p) => ({ ...p, consensus: byProposal.get(p.id) ?? [] }));
}

/** The lock's columns of each proposal, in order, for `moveProposalsEach`: rank, adjusted price and Q. */
export function rankColumns(proposals: readonly RankedProposal[]): PerRowColumns {
  return {
    rank: { type: 'int', values: proposals.map((r) => r.rank) },
    adjusted_price_cents: { type: 'int', values: proposals.map((r) => r.adjustedPriceCents) },
    quality_score: { type: 'numeric', values: proposals.map((r) => r.qualityScore) },
  };
}

/**
 * Stores a re-ranking on its proposals in one statement whatever their number (the award's
 * re-check): rank and adjusted price; Q, stored by the lock, does not change.
 */
export async function storeRanks(em: EntityManager, proposals: readonly RankedProposal[]): Promise<void> {
  if (proposals.length === 0) return;
  await em.query(
    `UPDATE proposal p
        SET rank = r.rank, adjusted_price_cents = r.adjusted_price_cents, updated_at = now()
       FROM unnest($1::uuid[], $2::int[], $3::int[]) AS r(id, rank, adjusted_price_cents)
      WHERE p.id = r.id`,
    [proposals.map((r) => r.proposalId), proposals.map((r) => r.rank), proposals.map((r) => r.adjustedPriceCents)],
  );
}
