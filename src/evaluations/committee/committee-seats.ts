import { EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { DomainError } from '../../common/errors/domain-error';
import { committeeRows } from './committee-queries';
import { isEvaluationBlocked } from './committee.rules';
import type { CommitteeRole } from './entities/committee-member.entity';

export interface CommitteeSeat {
  role: CommitteeRole;
  signed: boolean;
  recused: boolean;
}

/** The actor's seat on the committee of the opportunity, or null. */
export async function committeeSeat(
  em: EntityManager,
  opportunityId: string,
  userId: string,
): Promise<CommitteeSeat | null> {
  const row = (await committeeRows(em, opportunityId)).find((r) => r.user_id === userId);
  return row ? { role: row.role, signed: row.signed, recused: row.recused } : null;
}

/** A signed, non-recused member in `role`; else FORBIDDEN, DECLARATION_REQUIRED or RECUSED. */
export async function requireSeat(
  em: EntityManager,
  actor: Actor,
  opportunityId: string,
  role: CommitteeRole,
): Promise<CommitteeSeat> {
  const seat = await committeeSeat(em, opportunityId, actor.id);
  if (!seat || seat.role !== role) {
    throw DomainError.forbidden(
      role === 'secretary'
        ? 'Seul le secrétaire du comité peut effectuer cette action.'
        : 'Seuls les évaluateurs du comité notent les propositions.',
    );
  }
  if (!seat.signed) throw new DomainError('DECLARATION_REQUIRED');
  if (seat.recused) throw new DomainError('RECUSED');
  return seat;
}

/** EVALUATION_BLOCKED when fewer non-recused evaluators remain than the minimum. */
export async function assertEvaluationNotBlocked(
  em: EntityManager,
  opportunityId: string,
  minEvaluators: number,
): Promise<void> {
  const remaining = (await committeeRows(em, opportunityId)).filter((r) => r.role === 'evaluator' && !r.recused).length;
  if (isEvaluationBlocked(remaining, minEvaluators)) {
    throw new DomainError('EVALUATION_BLOCKED', undefined, { nonRecusedEvaluators: remaining, minEvaluators });
  }
}

/** Scores may change: the opportunity is in evaluation and not locked (scoring and ranking both ask). */
export function assertScoresOpen(status: string, scoresLockedAt: Date | null): void {
  if (scoresLockedAt !== null) throw new DomainError('SCORES_LOCKED');
  if (status !== 'EVALUATION')
    throw new DomainError('INVALID_TRANSITION', 'L’opportunité n’est pas en évaluation.', { status });
}
