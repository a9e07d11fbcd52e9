import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../../common/access/access.service';
import type { Actor, CommandContext } from '../../common/auth/actor';
import { CommandRunner, CommandScope } from '../../common/command/command-runner.service';
import { transitionProposal } from '../../proposals/proposal-transitions';
import { DomainError, validationFailed } from '../../common/errors/domain-error';
import { EvaluationLock, EvaluationTarget } from '../evaluation-lock';
import type { ProposalStatus } from '../../proposals/entities/proposal.entity';
import { qualityScore } from '../evaluation.rules';
import {
  DisqualifiedView,
  DisqualifyDto,
  QualityScoreView,
  RecordConsensusDto,
  ScoresView,
  SubmitScoresDto,
} from './dto/scoring.dto';
import { assertEvaluationNotBlocked, assertScoresOpen, committeeSeat, requireSeat } from '../committee/committee-seats';
import { evaluationCriteria } from './evaluation-queries';
import { individualScoreProblems, scoreText } from './scoring.rules';

/** A proposal under evaluation, its opportunity locked by the current command. */
interface LockedProposal extends EvaluationTarget {
  proposalId: string;
  proposalStatus: ProposalStatus;
}

/**
 * Individual scores (blind), consensus scores and disqualification (domain.md §6). Every
 * command locks the opportunity FOR UPDATE, so it takes turns with the committee's
 * composition (frozen once a first score exists) and with the lock.
 */
@Injectable()
export class ScoringService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: CommandRunner,
    private readonly access: AccessService,
    private readonly evaluation: EvaluationLock,
  ) {}

  submitScores(ctx: CommandContext, actor: Actor, proposalId: string, dto: SubmitScoresDto): Promise<ScoresView> {
    return this.commands.run(ctx, async (scope) => {
      const em = scope.em;
      const p = await this.lockProposal(scope, actor, proposalId);
      await requireSeat(em, actor, p.opportunity.id, 'evaluator');
      this.assertUnderEvaluation(p);
      await assertEvaluationNotBlocked(em, p.opportunity.id, p.rules.committeeMinEvaluators);
      const criteria = await evaluationCriteria(em, p.opportunity.id);
      const problems = individualScoreProblems(
        criteria.map((c) => c.id),
        dto.scores,
      );
      if (problems.length > 0) throw validationFailed(problems);

      await em.query(`DELETE FROM individual_score WHERE proposal_id = $1 AND evaluator_id = $2`, [
        proposalId,
        actor.id,
      ]);
      await em.query(
        `INSERT INTO individual_score (proposal_id, evaluator_id, criterion_id, score, comment)
         SELECT $1, $2, s.criterion_id, s.score, s.comment FROM unnest($3::uuid[], $4::numeric[], $5::text[]) AS s(criterion_id, score, comment)`,
        [
          proposalId,
          actor.id,
          dto.scores.map((s) => s.criterionId.toLowerCase()),
          dto.scores.map((s) => scoreText(s.score)),
          dto.scores.map((s) => s.comment),
        ],
      );
      scope.audit({
        action: 'proposal.scores.submit',
        entityType: 'proposal',
        entityId: proposalId,
        data: {
          opportunityId: p.opportunity.id,
          evaluatorId: actor.id,
          scores: dto.scores.map((s) => ({ criterionId: s.criterionId.toLowerCase(), score: scoreText(s.score) })),
        },
      });
      return this.scoresView(em, actor, proposalId, p.opportunity.id, p.opportunity.scoresLockedAt);
    });
  }

  /**
   * Blind: an evaluator sees only their own until they have submitted theirs; the secretary
   * sees all. Outside the committee, scores follow the proposal's content in the sealed-bid
   * table (§5.1 "everything"): auditors once the call is closed, owning buyers and admins
   * after the award; they see every score (never blind), without the secretary's averages.
   */
  async getScores(actor: Actor, proposalId: string): Promise<ScoresView> {
    const em = this.dataSource.manager;
    const grant = await this.access.requireScoresReader(em, actor, proposalId);
    const [o] = await em.query<{ scores_locked_at: Date | null }[]>(
      `SELECT scores_locked_at FROM opportunity WHERE id = $1`,
      [grant.opportunityId],
    );
    return this.scoresView(em, actor, proposalId, grant.opportunityId, o.scores_locked_at);
  }

  recordConsensus(
    ctx: CommandContext,
    actor: Actor,
    proposalId: string,
    dto: RecordConsensusDto,
  ): Promise<QualityScoreView> {
    return this.commands.run(ctx, async (scope) => {
      const em = scope.em;
      const p = await this.lockProposal(scope, actor, proposalId);
      await requireSeat(em, actor, p.opportunity.id, 'secretary');
      this.assertUnderEvaluation(p);
      await assertEvaluationNotBlocked(em, p.opportunity.id, p.rules.committeeMinEvaluators);
      const criteria = await evaluationCriteria(em, p.opportunity.id);
      const scores = dto.scores.map((s) => ({
        criterionId: s.criterionId.toLowerCase(),
        score: typeof s.score === 'number' ? s.score : String(s.score),
      }));
      // Validates (VALIDATION_FAILED naming scores[<criterionId>]) and computes Q exactly.
      const q = qualityScore(criteria, scores);

      await em.query(`DELETE FROM consensus_score WHERE proposal_id = $1`, [proposalId]);
      await em.query(
        `INSERT INTO consensus_score (proposal_id, criterion_id, score, rationale, recorded_by_id)
         SELECT $1, s.criterion_id, s.score, s.rationale, $2 FROM unnest($3::uuid[], $4::numeric[], $5::text[]) AS s(criterion_id, score, rationale)`,
        [
          proposalId,
          actor.id,
          scores.map((s) => s.criterionId),
          scores.map((s) => String(s.score)),
          dto.scores.map((s) => s.rationale),
        ],
      );
      await em.query(`UPDATE proposal SET quality_score = $2, updated_at = now() WHERE id = $1`, [proposalId, q]);
      scope.audit({
        action: 'proposal.consensus',
        entityType: 'proposal',
        entityId: proposalId,
        data: {
          opportunityId: p.opportunity.id,
          qualityScore: q,
          scores: dto.scores.map((s) => ({
            criterionId: s.criterionId.toLowerCase(),
            score: String(s.score),
            rationale: s.rationale,
          })),
        },
      });
      return { qualityScore: q };
    });
  }

  disqualify(ctx: CommandContext, actor: Actor, proposalId: string, dto: DisqualifyDto): Promise<DisqualifiedView> {
    return this.commands.run(ctx, async (scope) => {
      const em = scope.em;
      const p = await this.lockProposal(scope, actor, proposalId);
      await requireSeat(em, actor, p.opportunity.id, 'secretary');
      assertScoresOpen(p.status, p.opportunity.scoresLockedAt);
      const reason = dto.reason.trim();
      await transitionProposal(
        scope,
        { id: proposalId, opportunityId: p.opportunity.id, status: p.proposalStatus },
        'DISQUALIFIED',
        {
          action: 'proposal.disqualify',
          set: { disqualification_reason: reason },
          data: { reason },
          ocid: p.opportunity.ocid,
          tags: ['tenderUpdate'],
        },
      );
      return { proposalId, status: 'DISQUALIFIED', reason };
    });
  }

  // ─── Helpers ──────────────────────────────────────────────────────────────────────

  /**
   * The proposal as the actor may see it (404, or DECLARATION_REQUIRED / RECUSED for a
   * member not in standing), then its opportunity locked FOR UPDATE with its closing
   * materialised (EvaluationLock), and the proposal row locked too.
   */
  private async lockProposal(scope: CommandScope, actor: Actor, proposalId: string): Promise<LockedProposal> {
    const em = scope.em;
    const grant = await this.access.requireProposal(em, actor, proposalId);
    const locked = await this.evaluation.lockForEvaluation(scope, actor, grant.opportunityId);
    const [row] = await em.query<{ status: ProposalStatus }[]>(`SELECT status FROM proposal WHERE id = $1 FOR UPDATE`, [
      proposalId,
    ]);
    return { ...locked, proposalId, proposalStatus: row.status };
  }

  private assertUnderEvaluation(p: LockedProposal): void {
    assertScoresOpen(p.status, p.opportunity.scoresLockedAt);
    if (p.proposalStatus !== 'UNDER_EVALUATION') {
      throw new DomainError('INVALID_TRANSITION', 'Seule une proposition en évaluation peut être notée.', {
        status: p.proposalStatus,
      });
    }
  }

  private async scoresView(
    em: EntityManager,
    actor: Actor,
    proposalId: string,
    opportunityId: string,
    lockedAt: Date | null,
  ): Promise<ScoresView> {
    const seat = await committeeSeat(em, opportunityId, actor.id);
    const secretary = seat?.role === 'secretary';
    const rows = await em.query<
      { evaluator_id: string; name: string; criterion_id: string; score: string; comment: string; submitted_at: Date }[]
    >(
      `SELECT s.evaluator_id, u.name, s.criterion_id, s.score::text AS score, s.comment, s.submitted_at
         FROM individual_score s
         JOIN app_user u ON u.id = s.evaluator_id
         JOIN opportunity_criterion c ON c.id = s.criterion_id
        WHERE s.proposal_id = $1
        ORDER BY u.name, s.evaluator_id, c.position`,
      [proposalId],
    );
    const submitted = rows.some((r) => r.evaluator_id === actor.id);
    const blind = seat !== null && !secretary && lockedAt === null && !submitted;
    const visible = blind ? rows.filter((r) => r.evaluator_id === actor.id) : rows;
    let averages: ScoresView['averages'] = null;
    if (secretary) {
      averages = await em.query<{ criterionId: string; average: string; count: number }[]>(
        `SELECT c.id AS "criterionId", round(avg(s.score), 2)::text AS average, count(*)::int AS count
           FROM individual_score s JOIN opportunity_criterion c ON c.id = s.criterion_id
          WHERE s.proposal_id = $1 GROUP BY c.id, c.position ORDER BY c.position`,
        [proposalId],
      );
    }
    return {
      proposalId,
      blind,
      items: visible.map((r) => ({
        evaluatorId: r.evaluator_id,
        evaluatorName: r.name,
        criterionId: r.criterion_id,
        score: r.score,
        comment: r.comment,
        submittedAt: new Date(r.submitted_at).toISOString(),
      })),
      averages,
    };
  }
}
