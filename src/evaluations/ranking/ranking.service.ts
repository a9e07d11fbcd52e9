import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor, CommandContext } from '../../common/auth/actor';
import { CommandRunner } from '../../common/command/command-runner.service';
import { moveProposals } from '../../proposals/proposal-transitions';
import { DomainError } from '../../common/errors/domain-error';
import { EvaluationLock } from '../evaluation-lock';
import { storeRanks } from '../evaluation-ranks';
import { drawDecides, drawWinner, lastDraw, newDrawSeed } from './draw';
import { evaluationCriteria } from '../scoring/evaluation-queries';
import { isAcceptable, rank, RankingCandidate } from '../evaluation.rules';
import { DrawView, RankingView } from './dto/ranking.dto';
import { assertEvaluationNotBlocked, assertScoresOpen, requireSeat } from '../committee/committee-seats';
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
      await requireSeat(em, actor, opportunityId, 'secretary');
      // The closing is materialised (proposals UNDER_EVALUATION) by lockForEvaluation.
      assertScoresOpen(status, o.scoresLockedAt);
      await assertEvaluationNotBlocked(em, opportunityId, rules.committeeMinEvaluators);

      const criteria = await evaluationCriteria(em, opportunityId);
      const proposals = await em.query<{ id: string; price_cents: number | null }[]>(
        `SELECT p.id, pp.price_cents FROM proposal p LEFT JOIN proposal_price pp ON pp.proposal_id = p.id
          WHERE p.opportunity_id = $1 AND p.status = 'UNDER_EVALUATION' ORDER BY p.id FOR UPDATE OF p`,
        [opportunityId],
      );
      const consensus = await em.query<{ proposal_id: string; criterion_id: string; score: string }[]>(
        `SELECT proposal_id, criterion_id, score::text AS score FROM consensus_score WHERE proposal_id = ANY($1::uuid[])`,
        [proposals.map((p) => p.id)],
      );
      const byProposal = new Map<string, { criterionId: string; score: string }[]>();
      for (const c of consensus) {
        const list = byProposal.get(c.proposal_id) ?? [];
        list.push({ criterionId: c.criterion_id, score: c.score });
        byProposal.set(c.proposal_id, list);
      }
      const scoresOf = (id: string) => byProposal.get(id) ?? [];
      const missing = proposals.filter((p) => scoresOf(p.id).length < criteria.length).map((p) => p.id);
      if (missing.length > 0) throw new DomainError('CONSENSUS_MISSING', undefined, { proposalIds: missing });

      await em.query(`UPDATE opportunity SET scores_locked_at = now(), updated_at = now() WHERE id = $1`, [
        opportunityId,
      ]);
      const candidates: RankingCandidate[] = proposals.map((p) => {
        const acceptability = isAcceptable(o.evaluationMethod, criteria, scoresOf(p.id), rules.qualityThreshold);
        return {
          proposalId: p.id,
          priceCents: Number(p.price_cents),
          qualityScore: acceptability.qualityScore,
          acceptable: acceptability.acceptable,
        };
      });
      const ranking = rank(o.evaluationMethod, candidates, o.kPercent);
      await storeRanks(em, ranking.proposals, true);
      const outcome = (acceptable: boolean) => ranking.proposals.filter((r) => r.acceptable === acceptable);
      for (const [to, rows] of [
        ['QUALIFIED', outcome(true)],
        ['NOT_ACCEPTABLE', outcome(false)],
      ] as const) {
        if (rows.length === 0) continue;
        await moveProposals(scope, {
          opportunityId,
          ocid: o.ocid,
          from: ['UNDER_EVALUATION'],
          to,
          ids: rows.map((r) => r.proposalId),
          action: to === 'QUALIFIED' ? 'proposals.qualified' : 'proposals.not-acceptable',
          tags: ['tenderUpdate'],
        });
      }
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
      return this.view(em, opportunityId);
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

  private async view(em: EntityManager, opportunityId: string): Promise<RankingView> {
    const [o] = await em.query<{ evaluation_method: string; k_percent: string | null }[]>(
      `SELECT evaluation_method, k_percent::text AS k_percent FROM opportunity WHERE id = $1`,
      [opportunityId],
    );
    const rows = await em.query<
      {
        id: string;
        vendor_id: string;
        legal_name: string;
        quality_score: string;
        status: string;
        price_cents: number;
        adjusted_price_cents: number | null;
        rank: number | null;
      }[]
    >(
      `SELECT p.id, p.vendor_id, v.legal_name, p.quality_score::text AS quality_score, p.status, pp.price_cents, p.adjusted_price_cents, p.rank
         FROM proposal p
         JOIN vendor_organization v ON v.id = p.vendor_id
         LEFT JOIN proposal_price pp ON pp.proposal_id = p.id
        WHERE p.opportunity_id = $1 AND p.status = ANY($2::text[])
        ORDER BY p.rank NULLS LAST, p.id`,
      [opportunityId, RANKED_STATUSES],
    );
    const draw = await lastDraw(em, opportunityId);
    const tiedIds = rows.filter((r) => r.rank === 1).map((r) => r.id);
    return {
      method: o.evaluation_method,
      kPercent: o.k_percent,
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
}
