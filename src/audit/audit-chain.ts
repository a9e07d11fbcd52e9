import { createHash } from 'node:crypto';
import { canonicalJson } from '../common/util/canonical-json';

export const GENESIS_HASH = '0'.repeat(64);

/** The part of an audit event covered by its hash (everything but prevHash and hash). */
export interface ChainedFields {
  seq: number;
  occurredAt: Date;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  data: Record<string, unknown>;
  requestId: string | null;
}

/**
 * hash = SHA-256(prevHash ‖ canonical JSON of the event), hex. The canonical JSON has the
 * keys above sorted, `occurredAt` as ISO 8601 UTC with milliseconds and `seq` as a number.
 */
export function chainHash(prevHash: string, event: ChainedFields): string {
  const body = canonicalJson({ ...event, occurredAt: event.occurredAt.toISOString() });
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}

/** An audit_event row as SQL reads it (snake_case columns), the part its hash covers. */
export interface AuditEventRow {
  occurred_at: Date;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  data: Record<string, unknown>;
  request_id: string | null;
}

/** The hashed fields of a row at chain position `seq`. */
export function chainedFieldsOfRow(seq: number, row: AuditEventRow): ChainedFields {
  return {
    seq,
    occurredAt: row.occurred_at,
    actorId: row.actor_id,
    actorRole: row.actor_role,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    data: row.data,
    requestId: row.request_id,
  };
}
