import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { chainHash, ChainedFields, GENESIS_HASH } from './audit-chain';
import { AuditChainHead } from './entities/audit-chain-head.entity';
import { AuditEvent } from './entities/audit-event.entity';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | null;
  data?: Record<string, unknown>;
  /** Recorded as the system's (no actor), e.g. a closing materialised inside a user's command. */
  bySystem?: boolean;
}

export interface AuditActor {
  actorId: string | null;
  actorRole: string | null;
  requestId: string | null;
}

export interface ChainVerification {
  valid: boolean;
  checked: number;
  firstBrokenSeq: number | null;
}

const VERIFY_BATCH = 1000;

@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Appends events to the chain inside the caller's transaction. Locking the chain head row
   * makes concurrent commands append one after the other (the lock is held to commit), so
   * the chain never forks; callers append last, after their own row locks.
   */
  async append(em: EntityManager, actor: AuditActor, entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const [head] = await em.query<{ last_seq: string; last_hash: string; now: Date }[]>(
      `SELECT last_seq, last_hash, date_trunc('milliseconds', now()) AS now
         FROM audit_chain_head WHERE id = 1 FOR UPDATE`,
    );
    let seq = Number(head.last_seq);
    let prevHash = head.last_hash;
    const rows: (string | null)[][] = [];
    for (const entry of entries) {
      seq += 1;
      const fields: ChainedFields = {
        seq,
        occurredAt: head.now,
        actorId: entry.bySystem ? null : actor.actorId,
        actorRole: entry.bySystem ? null : actor.actorRole,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId,
        data: entry.data ?? {},
        requestId: actor.requestId,
      };
      const hash = chainHash(prevHash, fields);
      rows.push([
        String(seq),
        fields.actorId,
        fields.actorRole,
        fields.action,
        fields.entityType,
        fields.entityId,
        JSON.stringify(fields.data),
        fields.requestId,
        prevHash,
        hash,
      ]);
      prevHash = hash;
    }
    // The events and the new head in one statement (one round trip while the head is locked).
    const column = (i: number) => rows.map((r) => r[i]);
    await em.query(
      `WITH events AS (
         INSERT INTO audit_event (seq, occurred_at, actor_id, actor_role, action, entity_type, entity_id, data, request_id, prev_hash, hash)
         SELECT e.seq::bigint, $11::timestamptz, e.actor_id::uuid, e.actor_role, e.action, e.entity_type, e.entity_id, e.data::jsonb,
                e.request_id, e.prev_hash, e.hash
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
                AS e(seq, actor_id, actor_role, action, entity_type, entity_id, data, request_id, prev_hash, hash)
       )
       UPDATE audit_chain_head SET last_seq = $12, last_hash = $13 WHERE id = 1`,
      [...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(column), head.now, String(seq), prevHash],
    );
  }

  /**
   * Recomputes the whole chain in batches (flat memory) and names the first event whose
   * link or content does not match. A gap in seq, a changed field or a replaced hash all
   * break it; the head row must also name the last event. Everything is read from one
   * snapshot (REPEATABLE READ): commands appending meanwhile move the head past the events
   * already read, which must not look like a break.
   */
  verify(): Promise<ChainVerification> {
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      await em.query('SET TRANSACTION READ ONLY');
      return this.verifySnapshot(em);
    });
  }

  private async verifySnapshot(em: EntityManager): Promise<ChainVerification> {
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    let checked = 0;
    for (;;) {
      const batch = await em
        .getRepository(AuditEvent)
        .createQueryBuilder('e')
        .where('e.seq >= :from', { from: expectedSeq })
        .orderBy('e.seq', 'ASC')
        .limit(VERIFY_BATCH)
        .getMany();
      for (const event of batch) {
        const seq = Number(event.seq);
        const recomputed = chainHash(prevHash, {
          seq,
          occurredAt: event.occurredAt,
          actorId: event.actorId,
          actorRole: event.actorRole,
          action: event.action,
          entityType: event.entityType,
          entityId: event.entityId,
          data: event.data,
          requestId: event.requestId,
        });
        if (seq !== expectedSeq || event.prevHash !== prevHash || event.hash !== recomputed) {
          return { valid: false, checked: checked + 1, firstBrokenSeq: Math.min(seq, expectedSeq) };
        }
        checked += 1;
        prevHash = event.hash;
        expectedSeq += 1;
      }
      if (batch.length < VERIFY_BATCH) break;
    }
    const head = await em.getRepository(AuditChainHead).findOneByOrFail({ id: 1 });
    if (Number(head.lastSeq) !== checked || head.lastHash !== prevHash) {
      // Events were removed from the end of the chain (or the head was altered).
      return { valid: false, checked, firstBrokenSeq: checked + 1 };
    }
    return { valid: true, checked, firstBrokenSeq: null };
  }
}
