import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { runWrites, SqlWrite } from '../common/util/sql-writes';
import { AuditEventRow, chainedFieldsOfRow, chainHash, GENESIS_HASH } from './audit-chain';
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
const SEAL_BATCH = 1000;

interface UnsealedRow extends AuditEventRow {
  entry_id: string;
}

@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The statement that records events inside the caller's transaction, unsealed: one INSERT,
   * and no lock that other commands share (their `entry_id` comes from a sequence). They
   * commit or roll back with the command; the sealer gives them their place in the chain
   * after commit (seal). `occurredAt` is the transaction's database time.
   */
  appending(actor: AuditActor, entries: readonly AuditEntry[]): SqlWrite | null {
    if (entries.length === 0) return null;
    const column = (pick: (e: AuditEntry) => string | null) => entries.map(pick);
    return {
      sql: `INSERT INTO audit_event (occurred_at, actor_id, actor_role, action, entity_type, entity_id, data, request_id)
       SELECT date_trunc('milliseconds', now()), e.actor_id::uuid, e.actor_role, e.action, e.entity_type, e.entity_id,
              e.data::jsonb, $7
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY
              AS e(actor_id, actor_role, action, entity_type, entity_id, data, n)
        ORDER BY e.n`,
      params: [
        column((e) => (e.bySystem ? null : actor.actorId)),
        column((e) => (e.bySystem ? null : actor.actorRole)),
        column((e) => e.action),
        column((e) => e.entityType),
        column((e) => e.entityId),
        column((e) => JSON.stringify(e.data ?? {})),
        actor.requestId,
      ],
    };
  }

  /** Records events inside the caller's transaction (appending, run on its own). */
  async append(em: EntityManager, actor: AuditActor, entries: readonly AuditEntry[]): Promise<void> {
    await runWrites(em, [this.appending(actor, entries)]);
  }

  /**
   * Seals every committed unsealed event, in entry order, and returns how many it sealed:
   * under the head row's lock, each gets `seq` (the head's next), `prevHash` and `hash`, and
   * the head moves on — one transaction per batch of SEAL_BATCH. With `skipIfBusy`, returns 0
   * at once when another sealer (this process or a replica) holds the head: that one, or the
   * next timer pass, seals what is left. Readers call it without, so they see every event
   * committed before they asked. Begins with one cheap probe (the partial index of unsealed
   * events), so a pass with nothing to seal costs a single statement.
   */
  async seal(options: { skipIfBusy?: boolean } = {}): Promise<number> {
    const [pending] = await this.dataSource.query<unknown[]>(`SELECT 1 FROM audit_event WHERE seq IS NULL LIMIT 1`);
    if (!pending) return 0;
    let sealed = 0;
    for (;;) {
      const batch = await this.dataSource.transaction((em) => this.sealBatch(em, options.skipIfBusy === true));
      sealed += batch;
      if (batch < SEAL_BATCH) return sealed;
    }
  }

  private async sealBatch(em: EntityManager, skipIfBusy: boolean): Promise<number> {
    const [head] = await em.query<{ last_seq: string; last_hash: string }[]>(
      `SELECT last_seq, last_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE${skipIfBusy ? ' SKIP LOCKED' : ''}`,
    );
    if (!head) return 0;
    // A statement of its own, after the lock (READ COMMITTED: a snapshot taken now): read in
    // the same statement as the lock, the events could predate a sealer that committed while
    // this one waited, and be sealed twice.
    const rows = await em.query<UnsealedRow[]>(
      `SELECT entry_id, occurred_at, actor_id, actor_role, action, entity_type, entity_id, data, request_id
         FROM audit_event WHERE seq IS NULL ORDER BY entry_id LIMIT ${SEAL_BATCH}`,
    );
    if (rows.length === 0) return 0;
    let seq = Number(head.last_seq);
    let prevHash = head.last_hash;
    const seals = rows.map((row) => {
      seq += 1;
      const hash = chainHash(prevHash, chainedFieldsOfRow(seq, row));
      const seal = { entryId: row.entry_id, seq: String(seq), prevHash, hash };
      prevHash = hash;
      return seal;
    });
    // The seals and the new head in one statement.
    await em.query(
      `WITH sealed AS (
         UPDATE audit_event e SET seq = s.seq, prev_hash = s.prev_hash, hash = s.hash, sealed_at = now()
           FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS s(entry_id, seq, prev_hash, hash)
          WHERE e.entry_id = s.entry_id
       )
       UPDATE audit_chain_head SET last_seq = $5, last_hash = $6 WHERE id = 1`,
      [
        seals.map((s) => s.entryId),
        seals.map((s) => s.seq),
        seals.map((s) => s.prevHash),
        seals.map((s) => s.hash),
        String(seq),
        prevHash,
      ],
    );
    return rows.length;
  }

  /**
   * Seals what is committed, then recomputes the whole chain in batches (flat memory) and
   * names the first event whose link or content does not match. A gap in seq, a changed field or a replaced hash all
   * break it; the head row must also name the last event. Everything is read from one
   * snapshot (REPEATABLE READ): commands appending meanwhile move the head past the events
   * already read, which must not look like a break.
   */
  async verify(): Promise<ChainVerification> {
    await this.seal();
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
        .where('e.seq >= :from', { from: expectedSeq }) // unsealed events (seq null) are not in the chain yet
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
        prevHash = recomputed;
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
