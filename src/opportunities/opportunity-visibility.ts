import { readableOpportunitySql } from '../common/access/opportunity-readers.sql';
import type { Actor } from '../common/auth/actor';

/**
 * Who sees which opportunity, and its effective status, as SQL over an `opportunity` alias.
 * Used by every read (single, list, search) so that the rules live in one place:
 *
 * - never published (DRAFT, UNDER_REVIEW, and CANCELLED straight from review): buyers of the
 *   owning public body and admins only (O13). Only an opportunity that was once published is
 *   public, whatever its state now;
 * - invitation mode: besides staff, only members of invited vendor organizations (O13, P7)
 *   and the opportunity's committee members (domain.md §6);
 * - everything else published: everyone, including anonymous callers.
 *
 * Correctness never waits for the closing job: a PUBLISHED opportunity whose deadline has
 * passed (database clock) reads as EVALUATION.
 */
export function effectiveStatusSql(alias = 'o'): string {
  return `(CASE WHEN ${alias}.status = 'PUBLISHED' AND ${alias}.proposal_deadline <= now() THEN 'EVALUATION' ELSE ${alias}.status END)`;
}

export interface VisibilitySql {
  /** A boolean SQL condition over the alias. */
  condition: string;
  /** Positional parameters it uses, numbered from `firstParam`. */
  params: unknown[];
}

/**
 * The condition "the actor may see this opportunity". Parameters are numbered from
 * `firstParam` so callers can append it to their own queries.
 */
export function visibilitySql(actor: Actor | null | undefined, alias = 'o', firstParam = 1): VisibilitySql {
  const p = (i: number) => `$${firstParam + i}`;
  // published_at is set by the publication and never cleared (PUBLISHED has no way back).
  const unpublished = `${alias}.published_at IS NULL`;
  if (!actor) {
    return { condition: `(NOT ${unpublished} AND ${alias}.procurement_mode = 'public')`, params: [] };
  }
  if (actor.role === 'admin') return { condition: 'TRUE', params: [] };
  // The rule itself is the access module's, shared with the e-mail recipients.
  return {
    condition: readableOpportunitySql(alias, {
      publicBodyId: `${p(0)}::uuid`,
      id: `${p(1)}::uuid`,
      role: `${p(2)}::text`,
    }),
    params: [actor.publicBodyId, actor.id, actor.role],
  };
}
