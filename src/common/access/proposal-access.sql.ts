import type { Actor } from '../auth/actor';
import { visibilitySql } from '../../opportunities/opportunity-visibility';
import { SqlParams } from '../util/sql-params';
import { cellsAllowing, ProposalAccess, TENDERED_STATUSES } from './sealed-bids';

/**
 * The member `user` of the committee of `o` (declaration alias `cd`, possibly absent) is
 * recused (domain.md §6): once the deadline has passed, a vendor organization they declared a
 * conflict with, or one they belong to, has a tendered proposal on `o`. Computed whenever it is
 * read, whatever came first (the declaration, the submission, the membership); before the
 * deadline nobody is recused, so that no answer depends on who has bid (§5.1).
 */
export function recusedSql(o: string, user: string, cd: string): string {
  return `(${sealedPhaseSql(o)} <> 'beforeDeadline' AND EXISTS (
            SELECT 1 FROM proposal rp
             WHERE rp.opportunity_id = ${o}.id AND ${countedProposalsSql('rp')}
               AND (rp.vendor_id = ANY(coalesce(${cd}.conflict_vendor_ids, '{}'::uuid[]))
                    OR EXISTS (SELECT 1 FROM vendor_membership rm WHERE rm.vendor_id = rp.vendor_id AND rm.user_id = ${user}))))`;
}

/**
 * The `committee` reader of §5.1: the actor is a member (secretary or evaluator) of the
 * committee of `o`, has signed the declaration for it and is not recused (domain.md §6).
 * Members who have not signed, or who are recused, read as whatever else they are.
 */
export function committeeMemberSql(actor: Actor, o: string, params: SqlParams): string {
  return `EXISTS (SELECT 1 FROM committee_member cm
                    JOIN committee_declaration cd ON cd.opportunity_id = cm.opportunity_id AND cd.user_id = cm.user_id
                   WHERE cm.opportunity_id = ${o}.id AND cm.user_id = ${params.add(actor.id)}::uuid
                     AND NOT ${recusedSql(o, 'cm.user_id', 'cd')})`;
}

/**
 * Where the actor stands on the committee of `o`: 'none' (not a member), 'unsigned' (no
 * declaration yet), 'recused' or 'reader'. Used to say why a member is refused (403) where
 * the committee row of the table would let a reader in.
 */
export function committeeStandingSql(actor: Actor, o: string, params: SqlParams): string {
  const user = params.add(actor.id);
  return `(SELECT CASE WHEN cm.user_id IS NULL THEN 'none'
                       WHEN cd.user_id IS NULL THEN 'unsigned'
                       WHEN ${recusedSql(o, 'cm.user_id', 'cd')} THEN 'recused'
                       ELSE 'reader' END
             FROM (SELECT 1) one
             LEFT JOIN committee_member cm ON cm.opportunity_id = ${o}.id AND cm.user_id = ${user}::uuid
             LEFT JOIN committee_declaration cd ON cd.opportunity_id = cm.opportunity_id AND cd.user_id = cm.user_id)`;
}

/**
 * The phase of §5.1 from the opportunity row and the database clock. Before the deadline
 * means PUBLISHED and now() < proposal_deadline (and anything never published, or cancelled
 * before its deadline: those bids are never opened).
 */
export function sealedPhaseSql(o = 'o'): string {
  return `(CASE WHEN ${o}.status = 'AWARDED' THEN 'afterAward'
               WHEN ${o}.scores_locked_at IS NOT NULL THEN 'afterLock'
               WHEN ${o}.status IN ('EVALUATION', 'UNSUCCESSFUL')
                 OR (${o}.status = 'PUBLISHED' AND ${o}.proposal_deadline <= now())
                 OR (${o}.status = 'CANCELLED' AND ${o}.proposal_deadline <= coalesce(${o}.cancelled_at, now()))
               THEN 'afterDeadline'
               ELSE 'beforeDeadline' END)`;
}

/** The reader kind of §5.1 for `actor` and the opportunity `o`, without regard to any one proposal. */
export function opportunityReaderKindSql(actor: Actor | null | undefined, o: string, params: SqlParams): string {
  if (!actor) return `'other'`;
  let byRole: string;
  switch (actor.role) {
    case 'admin':
      byRole = `'admin'`;
      break;
    case 'auditor':
      byRole = `'auditor'`;
      break;
    case 'buyer':
      byRole = `(CASE WHEN ${o}.public_body_id = ${params.add(actor.publicBodyId)}::uuid THEN 'owningBuyer' ELSE 'other' END)`;
      break;
    default:
      byRole = `'other'`;
  }
  return `(CASE WHEN ${committeeMemberSql(actor, o, params)} THEN 'committee' ELSE ${byRole} END)`;
}

/** The reader kind for one proposal `p` of the opportunity `o`: its own organization first. */
export function readerKindSql(actor: Actor | null | undefined, p: string, o: string, params: SqlParams): string {
  const byOpportunity = opportunityReaderKindSql(actor, o, params);
  if (!actor) return byOpportunity;
  const own = `EXISTS (SELECT 1 FROM vendor_membership m WHERE m.vendor_id = ${p}.vendor_id AND m.user_id = ${params.add(actor.id)}::uuid)`;
  return `(CASE WHEN ${own} THEN 'own' ELSE ${byOpportunity} END)`;
}

/** `(kind, phase)` is one of the cells of the table allowing `part`. */
function inCells(kind: string, phase: string, part: keyof ProposalAccess): string {
  const cells = cellsAllowing(part);
  if (cells.length === 0) return 'FALSE';
  return `((${kind})::text, (${phase})::text) IN (VALUES ${cells.map(([r, ph]) => `('${r}', '${ph}')`).join(', ')})`;
}

const TENDERED = `(${TENDERED_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/**
 * "The actor may read `part` of proposal `p`" over aliases `p` (proposal) and `o` (its
 * opportunity). Drafts and withdrawn proposals exist for their organization only; others
 * also need to see the opportunity itself (invitation mode, O13).
 */
export function proposalReadableSql(
  actor: Actor | null | undefined,
  p: string,
  o: string,
  params: SqlParams,
  part: keyof ProposalAccess = 'exists',
): string {
  const kind = readerKindSql(actor, p, o, params);
  const visibility = visibilitySql(actor, o, params.values.length + 1);
  params.values.push(...visibility.params);
  return `(${inCells(kind, sealedPhaseSql(o), part)}
           AND ((${kind}) = 'own' OR (${p}.status IN ${TENDERED} AND ${visibility.condition})))`;
}

/** "The actor may know how many proposals the opportunity `o` received." */
export function proposalCountReadableSql(actor: Actor | null | undefined, o: string, params: SqlParams): string {
  const kind = opportunityReaderKindSql(actor, o, params);
  const visibility = visibilitySql(actor, o, params.values.length + 1);
  params.values.push(...visibility.params);
  return `(${inCells(kind, sealedPhaseSql(o), 'count')} AND ${visibility.condition})`;
}

/** The proposals that count: tendered, never drafts or withdrawn. */
export function countedProposalsSql(p = 'p'): string {
  return `${p}.status IN ${TENDERED}`;
}

/**
 * Rows about an entity (audit events, notifications: `entity_type`, `entity_id` columns of
 * alias `e`) readable at all: a row about a proposal (entityType 'proposal') stays hidden
 * from everyone while its opportunity is before the deadline (or when the proposal cannot
 * be found, failing closed).
 */
export function unsealedEntitySql(e = 'e'): string {
  return `(${e}.entity_type IS DISTINCT FROM 'proposal'
           OR EXISTS (SELECT 1 FROM proposal sp JOIN opportunity so ON so.id = sp.opportunity_id
                       WHERE sp.id::text = ${e}.entity_id AND ${sealedPhaseSql('so')} <> 'beforeDeadline'))`;
}
