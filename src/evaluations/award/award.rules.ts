/**
 * Award rules (domain.md §7), pure: no Nest, no I/O. Which proposal an award may go to, given
 * the ranking of the QUALIFIED proposals and the draws on record, and the contract reference.
 */
import type { Ranking } from '../evaluation.rules';
import { DrawOnRecord, drawDecides } from '../ranking/draw';

/** Who wins the award now: one proposal, a tie still to draw, or no acceptable proposal. */
export type AwardWinner =
  { kind: 'winner'; proposalId: string } | { kind: 'tie'; tiedProposalIds: string[] } | { kind: 'none' };

/**
 * The rank-1 proposal of `ranking` (acceptable proposals only), or the winner of the last
 * draw when it decides the tie at rank 1.
 */
export function awardWinner(ranking: Ranking, lastDraw: DrawOnRecord | null): AwardWinner {
  const first = ranking.proposals.filter((p) => p.acceptable && p.rank === 1).map((p) => p.proposalId.toLowerCase());
  if (first.length === 0) return { kind: 'none' };
  if (first.length === 1) return { kind: 'winner', proposalId: first[0] };
  if (lastDraw && drawDecides(lastDraw, first))
    return { kind: 'winner', proposalId: lastDraw.winnerProposalId.toLowerCase() };
  return { kind: 'tie', tiedProposalIds: [...first].sort() };
}
