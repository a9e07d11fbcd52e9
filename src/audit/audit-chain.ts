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
