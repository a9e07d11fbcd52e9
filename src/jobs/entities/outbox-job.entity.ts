import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const OUTBOX_STATUSES = ['pending', 'running', 'relayed', 'done', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * Transactional outbox: a command writes its jobs here in its own transaction; the relay
 * hands them to the queue after commit (BullMQ) or runs them itself (in-process driver).
 */
@Entity('job_outbox')
@Index('uq_job_outbox_job_id', ['jobId'], { unique: true })
@Index('ix_job_outbox_status_run_at', ['status', 'runAt'])
export class OutboxJob {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_job_outbox' })
  id: string;

  /** Deterministic id: the same logical job enqueued twice is one job. */
  @Column({ type: 'varchar', length: 200 })
  jobId: string;

  @Column({ type: 'varchar', length: 50 })
  queue: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status: OutboxStatus;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  runAt: Date;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'int', default: 5 })
  maxAttempts: number;

  /** While `running` in the in-process driver: after this time another process may take it over. */
  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  relayedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;
}
