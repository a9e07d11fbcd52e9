import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * The first answer to a request carrying an `Idempotency-Key` (P9): a replay with the same
 * key and body gets it again; the same key with another body is refused.
 */
@Entity('idempotency_record')
export class IdempotencyRecord {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_idempotency_record' })
  userId: string;

  /** The route the key was used on (e.g. `POST /proposals/:id/submit`) and the key itself. */
  @PrimaryColumn({ type: 'varchar', length: 300, primaryKeyConstraintName: 'pk_idempotency_record' })
  scopeKey: string;

  /** SHA-256 of the canonical request (route parameters and body). */
  @Column({ type: 'char', length: 64 })
  requestHash: string;

  @Column({ type: 'int' })
  responseStatus: number;

  /** The answer's JSON text as sent (`json`: a replay is byte-identical). */
  @Column({ type: 'json' })
  responseBody: unknown;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
