import { EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/actor';
import { DomainError } from '../common/errors/domain-error';
import { entityRows } from '../database/entity-rows';
import { Opportunity, OpportunityStatus } from './entities/opportunity.entity';
import { effectiveStatus } from './opportunities.rules';
import { effectiveStatusSql, visibilitySql } from './opportunity-visibility';

/** An opportunity locked by the current command, with the database clock of its transaction. */
export interface LockedOpportunity {
  opportunity: Opportunity;
  /** `now()` of the transaction, to the millisecond (what every rule compares with). */
  now: Date;
  /** PUBLISHED past its deadline reads EVALUATION (closing job or not). */
  status: OpportunityStatus;
}

/** `now()` of the current transaction, truncated to the millisecond as JavaScript dates are. */
export async function databaseNow(em: EntityManager): Promise<Date> {
  const [row] = await em.query<{ now: Date }[]>(`SELECT date_trunc('milliseconds', now()) AS now`);
  return new Date(row.now);
}

/**
 * Locks the opportunity row if the actor may see it, else NOT_FOUND (absent and invisible
 * look the same). Commands lock before reading state, so each sees the previous one's effects.
 *
 * - `update` (FOR UPDATE): commands that change the opportunity take turns.
 * - `share` (FOR SHARE): commands that only depend on its state (proposal writes) run side
 *   by side, while any change of the opportunity (closing, addendum, cancellation) waits for
 *   them to finish, and they for it: a proposal write never sees the state change under it.
 */
export async function lockVisibleOpportunity(
  em: EntityManager,
  actor: Actor,
  id: string,
  mode: 'update' | 'share' = 'update',
): Promise<LockedOpportunity> {
  const visibility = visibilitySql(actor, 'o', 2);
  // The row, the lock and the transaction's clock in one round trip (now() is the same in
  // every statement of the transaction), in plain SQL: every command takes this lock.
  const rows = entityRows(em, Opportunity);
  const found = await em.query<Record<string, unknown>[]>(
    `SELECT ${rows.select('o')}, date_trunc('milliseconds', now()) AS db_now
       FROM opportunity o WHERE o.id = $1 AND ${visibility.condition}
        FOR ${mode === 'share' ? 'SHARE' : 'UPDATE'} OF o`,
    [id, ...visibility.params],
  );
  if (found.length === 0) throw DomainError.notFound('opportunity');
  const opportunity = rows.hydrate(found[0], 'o');
  const now = new Date(found[0].db_now as Date);
  return { opportunity, now, status: effectiveStatus(opportunity.status, opportunity.proposalDeadline, now) };
}

/**
 * The opportunity if the actor may see it, else NOT_FOUND (absent and invisible look the
 * same), with its effective status; no lock (reads).
 */
export async function findVisibleOpportunity(
  em: EntityManager,
  actor: Actor | null | undefined,
  id: string,
): Promise<{ opportunity: Opportunity; status: OpportunityStatus }> {
  const visibility = visibilitySql(actor ?? null, 'o', 2);
  const rows = await em.query<{ status: OpportunityStatus }[]>(
    `SELECT ${effectiveStatusSql('o')} AS status FROM opportunity o WHERE o.id = $1 AND ${visibility.condition}`,
    [id, ...visibility.params],
  );
  if (rows.length === 0) throw DomainError.notFound('opportunity');
  const opportunity = await em.getRepository(Opportunity).findOneByOrFail({ id });
  return { opportunity, status: rows[0].status };
}

/** A buyer of the owning public body. Others who can see the opportunity get FORBIDDEN. */
export function isOwningBuyer(actor: Actor, opportunity: Opportunity): boolean {
  return actor.role === 'buyer' && actor.publicBodyId !== null && actor.publicBodyId === opportunity.publicBodyId;
}

export function requireOwningBuyer(actor: Actor, opportunity: Opportunity): void {
  if (!isOwningBuyer(actor, opportunity)) {
    throw DomainError.forbidden(
      'Seuls les acheteurs de l’organisme public responsable peuvent effectuer cette action.',
    );
  }
}

/** Owning buyers, admins and auditors read the internal parts (review comment, invitations…). */
export function isStaffReader(actor: Actor | null | undefined, opportunity: Opportunity): boolean {
  if (!actor) return false;
  return actor.role === 'admin' || actor.role === 'auditor' || isOwningBuyer(actor, opportunity);
}
