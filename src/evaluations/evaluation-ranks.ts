import type { EntityManager } from 'typeorm';
import type { RankedProposal } from './evaluation.rules';

/**
 * Stores a ranking on its proposals in one statement whatever their number (the lock and a
 * re-ranking at the award): rank and adjusted price, and with `withQuality` the quality
 * score Q as well.
 */
export async function storeRanks(
  em: EntityManager,
  proposals: readonly RankedProposal[],
  withQuality = false,
): Promise<void> {
  if (proposals.length === 0) return;
  await em.query(
    `UPDATE proposal p
        SET rank = r.rank, adjusted_price_cents = r.adjusted_price_cents,
            ${withQuality ? 'quality_score = r.quality_score::numeric,' : ''} updated_at = now()
       FROM unnest($1::uuid[], $2::int[], $3::int[], $4::text[]) AS r(id, rank, adjusted_price_cents, quality_score)
      WHERE p.id = r.id`,
    [
      proposals.map((r) => r.proposalId),
      proposals.map((r) => r.rank),
      proposals.map((r) => r.adjustedPriceCents),
      proposals.map((r) => r.qualityScore),
    ],
  );
}
