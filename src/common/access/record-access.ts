import { EntityManager, In } from 'typeorm';
import { AuditEvent, SealedAuditEvent } from '../../audit/entities/audit-event.entity';
import type { Actor } from '../auth/actor';
import { isUuid } from '../util/uuid';
import { sealedPhaseSql, unsealedEntitySql } from './proposal-access.sql';
import type { ReaderKind, SealedPhase } from './sealed-bids';
import {
  AuditReadContext,
  ReadableAuditEvent,
  readableAuditEvent,
  SEALED_AUDIT_DATA,
  withholdSealedHashes,
} from './sealed-records';

/** Records about proposals (the audit log) as their readers may read them: the queries behind sealed-records.ts. */
/**
 * The reader kind of §5.1 for the readers of the audit log and the e-mail record (route
 * permissions `audit:read`, `notifications:read`: admins and auditors), who read as their
 * role whatever the opportunity; anyone else reads as the public (fail closed).
 */
export function recordReaderKind(actor: Actor | null | undefined): ReaderKind {
  return actor?.role === 'admin' ? 'admin' : actor?.role === 'auditor' ? 'auditor' : 'other';
}

/**
 * The events as the actor may read them (sealed-records.ts): the opportunity of each event
 * (its entity, the proposal's opportunity, or `data.opportunityId`) and its phase, and the
 * status of the proposal an event is about, read in two set-based queries.
 */
export async function readableAuditEvents<E extends ReadableAuditEvent & { entityId: string | null }>(
  em: EntityManager,
  actor: Actor | null | undefined,
  events: readonly E[],
): Promise<E[]> {
  const proposalIds = events.filter((e) => e.entityType === 'proposal' && isUuid(e.entityId)).map((e) => e.entityId!);
  const proposals = new Map<string, { opportunity_id: string; status: string }>();
  if (proposalIds.length > 0) {
    const rows = await em.query<{ id: string; opportunity_id: string; status: string }[]>(
      `SELECT id, opportunity_id, status FROM proposal WHERE id = ANY($1::uuid[])`,
      [[...new Set(proposalIds)]],
    );
    rows.forEach((r) => proposals.set(r.id, r));
  }
  const opportunityOf = (e: E): string | null => {
    if (e.entityType === 'opportunity' && isUuid(e.entityId)) return e.entityId!;
    if (e.entityType === 'proposal') return proposals.get(e.entityId ?? '')?.opportunity_id ?? null;
    return isUuid(e.data.opportunityId) ? (e.data.opportunityId as string) : null;
  };
  const concerned = events.filter((e) => SEALED_AUDIT_DATA[e.action] || e.entityType === 'proposal');
  const opportunityIds = [...new Set(concerned.map(opportunityOf).filter((id): id is string => id !== null))];
  const phases = new Map<string, SealedPhase>();
  if (opportunityIds.length > 0) {
    const rows = await em.query<{ id: string; phase: SealedPhase }[]>(
      `SELECT o.id, ${sealedPhaseSql('o')} AS phase FROM opportunity o WHERE o.id = ANY($1::uuid[])`,
      [opportunityIds],
    );
    rows.forEach((r) => phases.set(r.id, r.phase));
  }
  const reader = recordReaderKind(actor);
  return events.map((e) => {
    const opportunityId = opportunityOf(e);
    const context: AuditReadContext = {
      phase: opportunityId ? (phases.get(opportunityId) ?? null) : null,
      proposalStatus: e.entityType === 'proposal' ? proposals.get(e.entityId ?? '')?.status : undefined,
    };
    return readableAuditEvent(reader, e, context);
  });
}

/**
 * A page of the audit log as the actor reads it: sealed keys removed (readableAuditEvents),
 * and the hashes of the redacted or hidden events withheld, in their own `hash` and in the
 * next event's `prevHash` (withholdSealedHashes) — for the first event of the page that means
 * reading the event before it too.
 */
export async function readableAuditPage(
  em: EntityManager,
  actor: Actor | null | undefined,
  rows: readonly SealedAuditEvent[],
): Promise<SealedAuditEvent[]> {
  const readable = await readableAuditEvents(em, actor, rows);
  const whole = new Set(rows.filter((r, i) => readable[i] === r).map((r) => r.seq));
  const seqs = new Set(rows.map((r) => r.seq));
  const before = [...new Set(rows.map((r) => String(BigInt(r.seq) - 1n)))].filter((s) => s !== '0' && !seqs.has(s));
  if (before.length > 0) {
    const previous = (await em
      .getRepository(AuditEvent)
      .createQueryBuilder('e')
      .where({ seq: In(before) })
      .andWhere(unsealedEntitySql('e'))
      .getMany()) as SealedAuditEvent[];
    const previousReadable = await readableAuditEvents(em, actor, previous);
    previous.forEach((r, i) => previousReadable[i] === r && whole.add(r.seq));
  }
  return withholdSealedHashes(readable, (seq) => whole.has(seq));
}
