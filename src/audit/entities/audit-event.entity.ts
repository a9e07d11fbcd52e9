import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One link of the append-only, hash-chained audit log (domain.md §8). */
@Entity('audit_event')
@Index('ix_audit_event_entity', ['entityId'])
@Index('ix_audit_event_occurred_at', ['occurredAt'])
@Index('uq_audit_event_hash', ['hash'], { unique: true })
export class AuditEvent {
  /** Position in the chain, from 1, without gaps. TypeORM reads bigint as a string. */
  @PrimaryColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_audit_event' })
  seq: string;

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

  @Column({ type: 'char', length: 64 })
  prevHash: string;

  @Column({ type: 'char', length: 64 })
  hash: string;
}
