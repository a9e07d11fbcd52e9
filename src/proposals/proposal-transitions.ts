import type { CommandScope } from '../common/command/command-runner.service';
import type { ReleaseTag } from '../common/command/release-seam';
import { assignments, returnedRows, TransitionColumns } from '../common/command/transition-sql';
import type { ProposalStatus } from './entities/proposal.entity';
import { assertTransition } from './proposals.rules';

/** The proposal a transition starts from, as the command locked it. */
export interface ProposalState {
  id: string;
  opportunityId: string;
  status: ProposalStatus;
}

export interface ProposalTransition {
  /** Audit action, e.g. `proposals.submit`. */
  action: string;
  /** Audit data beside `proposalId`, `opportunityId`, `from` and `to`. */
  data?: Record<string, unknown>;
  /** Columns written with the status (e.g. `disqualification_reason`). */
  set?: TransitionColumns;
  /** The opportunity's ocid. */
  ocid: string;
  /**
   * OCDS release tags of this change; none while the change is sealed (a submission or a
   * withdrawal before the deadline must not show, not even as a release date).
   */
  tags: readonly ReleaseTag[];
}

/**
 * The one door through which a proposal's status changes (domain.md §5): checks the graph,
 * writes the row, records the audit event and calls the release seam. The caller has locked
 * the row. An in-memory entity passed in follows the new status, so a later `save` keeps it.
 */
export async function transitionProposal(
  scope: CommandScope,
  from: ProposalState,
  to: ProposalStatus,
  change: ProposalTransition,
): Promise<void> {
  assertTransition(from.status, to);
  const { sql, params } = assignments(change.set ?? {}, 3);
  await scope.em.query(
    `UPDATE proposal SET ${['status = $2', 'updated_at = now()', ...sql].join(', ')} WHERE id = $1`,
    [from.id, to, ...params],
  );
  scope.audit({
    action: change.action,
    entityType: 'proposal',
    entityId: from.id,
    data: { proposalId: from.id, opportunityId: from.opportunityId, from: from.status, to, ...change.data },
  });
  scope.release(change.ocid, change.tags, 'proposal', from.id);
  from.status = to;
}

export interface ProposalMove {
  opportunityId: string;
  ocid: string;
  /** Only proposals in these statuses move (each must be allowed to reach `to`). */
  from: readonly ProposalStatus[];
  to: ProposalStatus;
  /** Restrict the move to these proposals (default: every proposal of the opportunity in `from`). */
  ids?: readonly string[];
  action: string;
  data?: Record<string, unknown>;
  tags: readonly ReleaseTag[];
  bySystem?: boolean;
}

/**
 * Moves a set of proposals of one opportunity at once (closing, award), through the same
 * graph: one UPDATE, one audit event naming the proposals moved, one call of the release
 * seam. Returns the ids moved, sorted.
 */
export async function moveProposals(scope: CommandScope, move: ProposalMove): Promise<string[]> {
  for (const status of move.from) assertTransition(status, move.to);
  const result = await scope.em.query(
    `UPDATE proposal SET status = $2, updated_at = now()
      WHERE opportunity_id = $1 AND status = ANY($3::text[]) AND ($4::uuid[] IS NULL OR id = ANY($4::uuid[]))
      RETURNING id`,
    [move.opportunityId, move.to, move.from, move.ids ?? null],
  );
  const rows = returnedRows<{ id: string }>(result);
  const ids = rows.map((r) => r.id).sort();
  scope.audit({
    action: move.action,
    entityType: 'opportunity',
    entityId: move.opportunityId,
    data: { from: move.from, to: move.to, proposalIds: ids, count: ids.length, ...move.data },
    bySystem: move.bySystem,
  });
  scope.release(move.ocid, move.tags, 'opportunity', move.opportunityId);
  return ids;
}
