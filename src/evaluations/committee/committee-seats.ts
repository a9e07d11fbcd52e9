import { EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { DomainError } from '../../common/errors/domain-error';
import { CommitteeRow, committeeRows } from './committee-queries';
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
  return seatIn(await committeeRows(em, opportunityId), userId);
}

/** The seat of `userId` among committee rows already read, or null. */
export function seatIn(rows: readonly CommitteeRow[], userId: string): CommitteeSeat | null {
  const row = rows.find((r) => r.user_id === userId);
  return row ? { role: row.role, signed: row.signed, recused: row.recused } : null;
}

/** A signed, non-recused member in `role`; else FORBIDDEN, DECLARATION_REQUIRED or RECUSED. */
export async function requireSeat(
  em: EntityManager,
  actor: Actor,
  opportunityId: string,
  role: CommitteeRole,
): Promise<CommitteeSeat> {
  return requireSeatIn(await committeeRows(em, opportunityId), actor, role);
}

/** `requireSeat` on committee rows already read (a command that also checks the quorum reads them once). */
export function requireSeatIn(rows: readonly CommitteeRow[], actor: Actor, role: CommitteeRole): CommitteeSeat {
  const seat = seatIn(rows, actor.id);
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
  assertQuorumIn(await committeeRows(em, opportunityId), minEvaluators);
}

/** `assertEvaluationNotBlocked` on committee rows already read. */
export function assertQuorumIn(rows: readonly CommitteeRow[], minEvaluators: number): void {
  const remaining = rows.filter((r) => r.role === 'evaluator' && !r.recused).length;
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
