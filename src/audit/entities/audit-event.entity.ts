import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One event of the append-only, hash-chained audit log (domain.md §8). A command inserts it
 * unsealed (`seq`, `prevHash`, `hash` null); the sealer (AuditService.seal) then gives it its
 * place in the chain, once. Readers only ever see sealed events.
 */
@Entity('audit_event')
@Index('ix_audit_event_entity', ['entityId'])
@Index('ix_audit_event_occurred_at', ['occurredAt'])
@Index('uq_audit_event_hash', ['hash'], { unique: true })
@Index('uq_audit_event_seq', ['seq'], { unique: true })
@Index('ix_audit_event_unsealed', ['entryId'], { where: '"seq" IS NULL' })
@Check(
  'ck_audit_event_seal',
  '("seq" IS NULL) = ("hash" IS NULL) AND ("seq" IS NULL) = ("prev_hash" IS NULL) AND ("seq" IS NULL) = ("sealed_at" IS NULL)',
)
export class AuditEvent {
  /** Insertion order (a sequence, with gaps where a command rolled back); the sealer's order. */
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_audit_event' })
  entryId: string;

  /** Position in the chain, from 1, without gaps; null until sealed. TypeORM reads bigint as a string. */
  @Column({ type: 'bigint', nullable: true })
  seq: string | null;

  @Column({ type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  actorRole: string | null;

  @Column({ type: 'varchar', length: 100 })
  action: string;

  @Column({ type: 'varchar', length: 50 })
  entityType: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  entityId: string | null;

  @Column({ type: 'jsonb' })
  data: Record<string, unknown>;

  @Column({ type: 'varchar', length: 128, nullable: true })
  requestId: string | null;

  @Column({ type: 'char', length: 64, nullable: true })
  prevHash: string | null;

  @Column({ type: 'char', length: 64, nullable: true })
  hash: string | null;

  /** When the sealer chained it (database time; not hashed): the sealing delay is sealedAt − commit. */
  @Column({ type: 'timestamptz', nullable: true })
  sealedAt: Date | null;
}

/** An event as readers get it: sealed. */
export type SealedAuditEvent = AuditEvent & { seq: string; prevHash: string; hash: string; sealedAt: Date };
