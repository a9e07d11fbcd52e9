import type { CommandScope } from '../common/command/command-runner.service';
import type { ReleaseTag } from '../common/command/release-seam';
import { assignments, TransitionColumns } from '../common/command/transition-sql';
import type { OpportunityStatus } from './entities/opportunity.entity';
import { assertTransition } from './opportunities.rules';

/** The opportunity a transition starts from: its stored id and ocid, and its status as the command read it. */
export interface OpportunityState {
  id: string;
  ocid: string;
  status: OpportunityStatus;
}

export interface OpportunityTransition {
  /** Audit action, e.g. `opportunities.publish`. */
  action: string;
  /** Audit data beside `from` and `to`. */
  data?: Record<string, unknown>;
  /** Columns written with the status (e.g. `published_at`). */
  set?: TransitionColumns;
  /** OCDS release tags of this change. */
  tags: readonly ReleaseTag[];
  /** Audit the change as the system's (a closing materialised inside a user's command). */
  bySystem?: boolean;
}

/**
 * The one door through which an opportunity's status changes (domain.md §4.1): checks the
 * graph, writes the row (status, `updated_at` and the given columns), records the audit event
 * and calls the release seam, in the command's transaction. The caller has locked the row.
 */
export async function transitionOpportunity(
  scope: CommandScope,
  from: OpportunityState,
  to: OpportunityStatus,
  change: OpportunityTransition,
): Promise<void> {
  assertTransition(from.status, to);
  const { sql, params } = assignments(change.set ?? {}, 3);
  await scope.em.query(
    `UPDATE opportunity SET ${['status = $2', 'updated_at = now()', ...sql].join(', ')} WHERE id = $1`,
    [from.id, to, ...params],
  );
  scope.audit({
    action: change.action,
    entityType: 'opportunity',
    entityId: from.id,
    data: { from: from.status, to, ...change.data },
    bySystem: change.bySystem,
  });
  scope.release(from.ocid, change.tags, 'opportunity', from.id);
}
