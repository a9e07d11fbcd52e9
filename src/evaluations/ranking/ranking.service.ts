import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor, CommandContext } from '../../common/auth/actor';
import { CommandRunner } from '../../common/command/command-runner.service';
import { moveProposalsEach } from '../../proposals/proposal-transitions';
import { DomainError } from '../../common/errors/domain-error';
import { EvaluationLock } from '../evaluation-lock';
import { lockScores, rankColumns } from '../evaluation-ranks';
import { committeeRows } from '../committee/committee-queries';
import { DrawRow, drawDecides, drawWinner, lastDraw, lastDrawSql, newDrawSeed, StoredDraw, storedDraw } from './draw';
import { evaluationCriteria } from '../scoring/evaluation-queries';
import { acceptabilityRule, rank, RankingCandidate } from '../evaluation.rules';
import { DrawView, RankingView } from './dto/ranking.dto';
import { assertQuorumIn, assertScoresOpen, requireSeat, requireSeatIn } from '../committee/committee-seats';
import { AccessService } from '../../common/access/access.service';

/** Proposals that took part in the ranking (set at the lock; award statuses come later). */
const RANKED_STATUSES = ['QUALIFIED', 'NOT_ACCEPTABLE', 'AWARDED', 'NOT_AWARDED'];

/**
 * The lock of the quality scores, the ranking it produces and the draw that breaks a tie at
 * rank 1 (domain.md §6): the draw is computed, stored and read in ./draw.ts, and nowhere else.
 */
@Injectable()
export class RankingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: CommandRunner,
    private readonly evaluation: EvaluationLock,
    private readonly access: AccessService,
  ) {}

  /**
   * Locks the scores: every proposal under evaluation needs its consensus; acceptability,
   * adjusted prices and ranks are computed and stored, in one transaction.
   */
  lock(ctx: CommandContext, actor: Actor, opportunityId: string): Promise<RankingView> {
    return this.commands.run(ctx, async (scope) => {
      const em = scope.em;
      const { opportunity: o, status, rules } = await this.evaluation.lockForEvaluation(scope, actor, opportunityId);
      const committee = await committeeRows(em, opportunityId);
      requireSeatIn(committee, actor, 'secretary');
      // The closing is materialised (proposals UNDER_EVALUATION) by lockForEvaluation.
      assertScoresOpen(status, o.scoresLockedAt);
      assertQuorumIn(committee, rules.committeeMinEvaluators);

      const criteria = await evaluationCriteria(em, opportunityId);
      const proposals = await lockScores(em, opportunityId);
      const missing = proposals.filter((p) => p.consensus.length < criteria.length).map((p) => p.id);
      if (missing.length > 0) throw new DomainError('CONSENSUS_MISSING', undefined, { proposalIds: missing });

      const acceptabilityOf = acceptabilityRule(o.evaluationMethod, criteria, rules.qualityThreshold);
      const candidates: RankingCandidate[] = proposals.map((p) => {
        const acceptability = acceptabilityOf(p.consensus);
        return {
          proposalId: p.id,
          priceCents: Number(p.price_cents),
          qualityScore: acceptability.qualityScore,
          acceptable: acceptability.acceptable,
        };
      });
      const ranking = rank(o.evaluationMethod, candidates, o.kPercent);
      // Statuses, ranks, adjusted prices and Q in one UPDATE (QUALIFIED and NOT_ACCEPTABLE
      // audited apart, as two moves).
      await moveProposalsEach(scope, {
        opportunityId,
        ocid: o.ocid,
        from: 'UNDER_EVALUATION',
        rows: ranking.proposals.map((r) => ({ id: r.proposalId, to: r.acceptable ? 'QUALIFIED' : 'NOT_ACCEPTABLE' })),
        columns: rankColumns(ranking.proposals),
        actions: { QUALIFIED: 'proposals.qualified', NOT_ACCEPTABLE: 'proposals.not-acceptable' },
        tags: ['tenderUpdate'],
      });
      scope.audit({
        action: 'evaluation.lock',
        entityType: 'opportunity',
        entityId: opportunityId,
        // Ranks, not prices: admins read the log but not the envelopes before the award (§5.1);
        // prices stay in proposal_price, from which the ranking can be recomputed.
        data: {
          method: o.evaluationMethod,
          kPercent: o.kPercent,
          qualityThreshold: rules.qualityThreshold,
          tieAtFirst: ranking.tieAtFirst,
          tiedProposalIds: ranking.tiedProposalIds,
          proposals: ranking.proposals.map((r) => ({
            proposalId: r.proposalId,
            qualityScore: r.qualityScore,
            acceptable: r.acceptable,
            rank: r.rank,
          })),
        },
      });
      // The answer is what was just stored (no draw before the lock): built here, not read back.
      const vendors = new Map(proposals.map((p) => [p.id, p]));
      return rankingView(
        o.evaluationMethod,
        o.kPercent,
        ranking.proposals.map((r) => ({
          id: r.proposalId,
          vendor_id: vendors.get(r.proposalId)!.vendor_id,
          legal_name: vendors.get(r.proposalId)!.legal_name,
          quality_score: r.qualityScore,
          status: r.acceptable ? 'QUALIFIED' : 'NOT_ACCEPTABLE',
          price_cents: r.priceCents,
          adjusted_price_cents: r.adjustedPriceCents,
          rank: r.rank,
        })),
        null,
      );
    });
  }

  /** Committee members (signed, not recused), owning buyers, auditors and admins; 404 before the lock. */
  async get(actor: Actor, opportunityId: string): Promise<RankingView> {
    const em = this.dataSource.manager;
    // Who reads, and whether the figures show, is the access module's (AccessService, §5.1).
    const { figures } = await this.access.requireRankingReader(em, actor, opportunityId);
    const view = await this.view(em, opportunityId);
    if (figures) return view;
    return {
      ...view,
      items: view.items.map((i) => ({ ...i, qualityScore: null, priceCents: null, adjustedPriceCents: null })),
    };
  }

  /** Breaks a tie at rank 1, once: the seed, candidates and winner are stored and audited. */
  draw(ctx: CommandContext, actor: Actor, opportunityId: string): Promise<DrawView> {
    return this.commands.run(ctx, async (scope) => {
      const em = scope.em;
      const { opportunity: o, status } = await this.evaluation.lockForEvaluation(scope, actor, opportunityId);
      await requireSeat(em, actor, opportunityId, 'secretary');
      if (o.scoresLockedAt === null || status !== 'EVALUATION') {
        throw new DomainError(
          'AWARD_NOT_ALLOWED',
          'Le tirage suit le verrouillage des notes et précède l’adjudication.',
        );
      }
      const tied = await em.query<{ id: string }[]>(
        `SELECT id FROM proposal WHERE opportunity_id = $1 AND status = 'QUALIFIED' AND rank = 1 ORDER BY id`,
        [opportunityId],
      );
      const previous = await lastDraw(em, opportunityId);
      // A further round only when the last winner was disqualified at award and a tie remains.
      if (
        previous &&
        (drawDecides(
          previous,
          tied.map((t) => t.id),
        ) ||
          tied.length < 2)
      ) {
        throw new DomainError('CONFLICT', 'Le tirage au sort a déjà eu lieu.');
      }
      if (tied.length < 2)
        throw new DomainError('AWARD_NOT_ALLOWED', 'Aucune égalité au premier rang : pas de tirage.');

      const result = drawWinner(
        newDrawSeed(),
        tied.map((t) => t.id),
      );
      const round = (previous?.round ?? 0) + 1;
      await em.query(
        `INSERT INTO evaluation_draw (opportunity_id, round, seed, algorithm, candidates, winner_proposal_id, drawn_by_id) VALUES ($1, $2, $3, $4, $5::uuid[], $6, $7)`,
        [opportunityId, round, result.seedHex, result.algorithm, result.candidateIds, result.winnerId, actor.id],
      );
      scope.audit({
        action: 'evaluation.draw',
        entityType: 'opportunity',
        entityId: opportunityId,
        data: {
          round,
          seed: result.seedHex,
          algorithm: result.algorithm,
          candidates: result.candidateIds,
          winnerProposalId: result.winnerId,
          digest: result.digestHex,
          winnerIndex: result.winnerIndex,
        },
      });
      return {
        seed: result.seedHex,
        algorithm: result.algorithm,
        candidates: result.candidateIds,
        winnerProposalId: result.winnerId,
      };
    });
  }

  /**
   * The ranking as stored, in one statement: the opportunity's method and K, its latest draw
   * (repeated on each row, a few short columns) and its ranked proposals.
   */
  private async view(em: EntityManager, opportunityId: string): Promise<RankingView> {
    const rows = await em.query<
      (Partial<RankingRow> & { evaluation_method: string; k_percent: string | null } & Partial<DrawRow>)[]
    >(
      `SELECT o.evaluation_method, o.k_percent::text AS k_percent, d.*, p.*
         FROM opportunity o
         LEFT JOIN LATERAL (${lastDrawSql('o.id')}) d ON true
         LEFT JOIN LATERAL (
           SELECT p.id, p.vendor_id, v.legal_name, p.quality_score::text AS quality_score, p.status, pp.price_cents,
                  p.adjusted_price_cents, p.rank
             FROM proposal p
             JOIN vendor_organization v ON v.id = p.vendor_id
             LEFT JOIN proposal_price pp ON pp.proposal_id = p.id
            WHERE p.opportunity_id = o.id AND p.status = ANY($2::text[])
         ) p ON true
        WHERE o.id = $1
        ORDER BY p.rank NULLS LAST, p.id`,
      [opportunityId, RANKED_STATUSES],
    );
    const [first] = rows;
    if (!first) throw DomainError.notFound('opportunity');
    return rankingView(
      first.evaluation_method,
      first.k_percent,
      rows.filter((r) => r.id != null) as RankingRow[],
      first.round != null ? storedDraw(first as DrawRow) : null,
    );
  }
}

interface RankingRow {
  id: string;
  vendor_id: string;
  legal_name: string;
  quality_score: string;
  status: string;
  price_cents: number;
  adjusted_price_cents: number | null;
  rank: number | null;
}

/** The ranking as answered, from its rows in rank order (rank nulls last, then id). */
function rankingView(
  method: string,
  kPercent: string | null,
  rows: RankingRow[],
  draw: StoredDraw | null,
): RankingView {
  const tiedIds = rows.filter((r) => r.rank === 1).map((r) => r.id);
  return {
    method,
    kPercent,
    tie: tiedIds.length > 1 && !drawDecides(draw, tiedIds),
    items: rows.map((r) => ({
      proposalId: r.id,
      vendorId: r.vendor_id,
      vendorName: r.legal_name,
      qualityScore: r.quality_score,
      acceptable: r.status !== 'NOT_ACCEPTABLE',
      priceCents: r.price_cents,
      adjustedPriceCents: r.adjusted_price_cents,
      rank: r.rank,
    })),
    draw: draw
      ? {
          seed: draw.seed,
          algorithm: draw.algorithm,
          candidates: draw.candidates,
          winnerProposalId: draw.winnerProposalId,
          drawnAt: draw.drawnAt.toISOString(),
        }
      : null,
  };
}
