import type { CommandScope } from '../common/command/command-runner.service';
import type { ReleaseTag } from '../common/command/release-seam';
import { assignments, TransitionColumns } from '../common/command/transition-sql';
import { assertTransition } from './contracts.rules';
import type { ContractStatus } from './entities/contract.entity';

/** The contract a transition starts from, as the command locked it. */
export interface ContractState {
  id: string;
  /** The opportunity's ocid (the contract's OCDS releases are the opportunity's). */
  ocid: string;
  status: ContractStatus;
}

export interface ContractTransition {
  /** Audit action, e.g. `contract.accept`. */
  action: string;
  /** Audit data beside `from` and `to`. */
  data?: Record<string, unknown>;
  /** Columns written with the status (e.g. `accepted_at`). */
  set?: TransitionColumns;
  /** OCDS release tags of this change. */
  tags: readonly ReleaseTag[];
  /** Audit the change as the system's (the forge job). */
  bySystem?: boolean;
}

/**
 * The one door through which a contract's status changes (domain.md §7): checks the graph,
 * writes the row (status, `updated_at` and the given columns), records the audit event and
 * calls the release seam, in the command's transaction. The caller has locked the row.
 */
export async function transitionContract(
  scope: CommandScope,
  from: ContractState,
  to: ContractStatus,
  change: ContractTransition,
): Promise<void> {
  assertTransition(from.status, to);
  const { sql, params } = assignments(change.set ?? {}, 3);
  await scope.em.query(
    `UPDATE contract SET ${['status = $2', 'updated_at = now()', ...sql].join(', ')} WHERE id = $1`,
    [from.id, to, ...params],
  );
  scope.audit({
    action: change.action,
    entityType: 'contract',
    entityId: from.id,
    data: { from: from.status, to, ...change.data },
    bySystem: change.bySystem,
  });
  scope.release(from.ocid, change.tags, 'contract', from.id);
  from.status = to;
}
