import type { CommandScope } from '../common/command/command-runner.service';
import type { ReleaseTag } from '../common/command/release-seam';
import { assignments, returnedRows, TransitionColumns } from '../common/command/transition-sql';
import { runWrites, SqlWrite } from '../common/util/sql-writes';
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
  await runWrites(scope.em, [transitionUpdate(from, to, change)]);
  recordTransition(scope, from, to, change);
}

/**
 * The same door, its UPDATE returned unrun so that the caller runs it in one statement with
 * other writes of the command (the submission: with its receipt e-mail); the records are made
 * now, and the command fails if the write does.
 */
export function transitionProposalWrite(
  scope: CommandScope,
  from: ProposalState,
  to: ProposalStatus,
  change: ProposalTransition,
): SqlWrite {
  const write = transitionUpdate(from, to, change);
  recordTransition(scope, from, to, change);
  return write;
}

function transitionUpdate(from: ProposalState, to: ProposalStatus, change: ProposalTransition): SqlWrite {
  assertTransition(from.status, to);
  const { sql, params } = assignments(change.set ?? {}, 3);
  return {
    sql: `UPDATE proposal SET ${['status = $2', 'updated_at = now()', ...sql].join(', ')} WHERE id = $1`,
    params: [from.id, to, ...params],
  };
}

function recordTransition(scope: CommandScope, from: ProposalState, to: ProposalStatus, change: ProposalTransition) {
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
  recordMove(scope, move, move.action, move.from, move.to, ids, move.data, move.bySystem);
  return ids;
}

/**
 * What a move of proposals records: one audit event on the opportunity naming the proposals
 * moved (sorted) and one call of the release seam (the writer merges them per ocid).
 */
function recordMove(
  scope: CommandScope,
  move: { opportunityId: string; ocid: string; tags: readonly ReleaseTag[] },
  action: string,
  from: readonly ProposalStatus[],
  to: ProposalStatus,
  ids: string[],
  data?: Record<string, unknown>,
  bySystem?: boolean,
): void {
  scope.audit({
    action,
    entityType: 'opportunity',
    entityId: move.opportunityId,
    data: { from, to, proposalIds: ids, count: ids.length, ...data },
    bySystem,
  });
  scope.release(move.ocid, move.tags, 'opportunity', move.opportunityId);
}

/** Per-row columns written with each row's status: SQL type and one value per row. */
export type PerRowColumns = Record<string, { type: 'int' | 'numeric' | 'text'; values: readonly unknown[] }>;

export interface ProposalOutcomes {
  opportunityId: string;
  ocid: string;
  /** The status every row must be in (each must be allowed to reach its target). */
  from: ProposalStatus;
  /** Each proposal and the status it reaches. */
  rows: readonly { id: string; to: ProposalStatus }[];
  /** Columns written beside each row's status (e.g. its rank), in `rows` order. */
  columns?: PerRowColumns;
  /** The audit action of each target status reached. */
  actions: Partial<Record<ProposalStatus, string>>;
  tags: readonly ReleaseTag[];
}

/**
 * Moves proposals of one opportunity to their own targets at once (the lock: QUALIFIED or
 * NOT_ACCEPTABLE, with rank and prices), through the same graph as `moveProposals`: one
 * UPDATE for all of them, then per target status the audit event and the release seam call
 * that `moveProposals` would have made (ids sorted). One UPDATE rather than one per
 * target and another for the columns: a row updated twice in a transaction runs its foreign
 * key checks again (PostgreSQL re-checks rows its own transaction wrote). Returns the ids
 * moved per target status, sorted. `UPDATE … WHERE p.status = from` moves only rows still
 * in `from` (the caller has locked them).
 */
export async function moveProposalsEach(
  scope: CommandScope,
  move: ProposalOutcomes,
): Promise<Map<ProposalStatus, string[]>> {
  // In the order of `actions`, so the audit events come in an order the caller chose.
  const reached = new Set(move.rows.map((r) => r.to));
  const targets = (Object.keys(move.actions) as ProposalStatus[]).filter((to) => reached.has(to));
  if (targets.length !== reached.size) throw new Error('No audit action for a target status');
  for (const to of targets) {
    assertTransition(move.from, to);
  }
  const moved = new Map<ProposalStatus, string[]>();
  if (move.rows.length === 0) return moved;
  const columns = Object.entries(move.columns ?? {});
  for (const [name, { values }] of columns) {
    if (!/^[a-z_]+$/.test(name)) throw new Error(`Invalid column name "${name}"`);
    if (values.length !== move.rows.length) throw new Error(`Column ${name}: one value per row`);
  }
  const result = await scope.em.query(
    `UPDATE proposal p
        SET status = r.to_status, updated_at = now()${columns.map(([name, c], i) => `, ${name} = r.c${i}::${c.type}`).join('')}
       FROM unnest($3::uuid[], $4::text[]${columns.map((_c, i) => `, $${i + 5}::text[]`).join('')})
            AS r(id, to_status${columns.map((_c, i) => `, c${i}`).join('')})
      WHERE p.id = r.id AND p.opportunity_id = $1 AND p.status = $2
      RETURNING p.id, p.status`,
    [
      move.opportunityId,
      move.from,
      move.rows.map((r) => r.id),
      move.rows.map((r) => r.to),
      ...columns.map(([, c]) => c.values.map((v) => (v === null || v === undefined ? null : String(v)))),
    ],
  );
  for (const to of targets) moved.set(to, []);
  for (const row of returnedRows<{ id: string; status: ProposalStatus }>(result)) moved.get(row.status)?.push(row.id);
  // One audit event and release call per target status, as `moveProposals` makes for each move.
  for (const to of targets) recordMove(scope, move, move.actions[to] as string, [move.from], to, moved.get(to)!.sort());
  return moved;
}
