import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { backoffMs, ClaimedJob, DEFAULT_MAX_ATTEMPTS, JobRequest, queueOf } from './job.types';

/** Claimed rows are taken over by another relay if not settled within this time. */
const CLAIM_LEASE = '5 minutes';

/** SQL over job_outbox. Every time comes from the database clock. */
@Injectable()
export class OutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Records jobs in the caller's transaction; a job id already present is left alone. */
  async insert(em: EntityManager, jobs: JobRequest[]): Promise<void> {
    for (const job of jobs) {
      await em.query(
        `INSERT INTO job_outbox (job_id, queue, name, payload, run_at, max_attempts)
         VALUES ($1, $2, $3, $4, COALESCE($5::timestamptz, now()), $6)
         ON CONFLICT (job_id) DO NOTHING`,
        [
          job.jobId,
          queueOf(job.name),
          job.name,
          JSON.stringify(job.payload),
          job.runAt ?? null,
          job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        ],
      );
    }
  }

  /**
   * Claims up to `limit` jobs (pending, or claimed by a relay that vanished). With
   * `dueOnly`, only jobs whose run time has come (in-process driver); otherwise all, with
   * the remaining delay (BullMQ driver hands the delay to Redis). With
   * `requeueRelayedAfterMs`, also jobs handed to the queue that should have run that long
   * ago and are still not settled: a Redis restart without persistence loses its queues,
   * and handing a job over again is a no-op while the queue still has it.
   */
  async claim(
    limit: number,
    options: { dueOnly: boolean; queues?: string[]; requeueRelayedAfterMs?: number },
  ): Promise<ClaimedJob[]> {
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `UPDATE job_outbox SET status = 'running', locked_until = now() + interval '${CLAIM_LEASE}'
        WHERE id IN (
          SELECT id FROM job_outbox
           WHERE ((status = 'pending' ${options.dueOnly ? 'AND run_at <= now()' : ''})
                  OR (status = 'running' AND locked_until < now())
                  OR (status = 'relayed' AND $3::int IS NOT NULL
                      AND GREATEST(relayed_at, run_at) < now() - $3::int * interval '1 millisecond'))
             AND ($2::text[] IS NULL OR queue = ANY($2::text[]))
           ORDER BY run_at
           LIMIT $1
           FOR UPDATE SKIP LOCKED)
        RETURNING id, job_id, queue, name, payload, attempts, max_attempts,
                  GREATEST(0, (EXTRACT(EPOCH FROM (run_at - now())) * 1000))::bigint AS delay_ms`,
      [limit, options.queues ?? null, options.requeueRelayedAfterMs ?? null],
    );
    // node-postgres returns UPDATE … RETURNING as [rows, count] through TypeORM.
    const list = (Array.isArray(rows[0]) ? rows[0] : rows) as Record<string, unknown>[];
    return list.map((r) => ({
      id: r.id as string,
      jobId: r.job_id as string,
      queue: r.queue as string,
      name: r.name as string,
      payload: r.payload as Record<string, unknown>,
      attempts: Number(r.attempts),
      maxAttempts: Number(r.max_attempts),
      delayMs: Number(r.delay_ms),
    }));
  }

  /**
   * The queue has the job. Only a row still claimed by this relay moves on: the worker may
   * already have run the job and marked it done (or failed) in between.
   */
  async markRelayed(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE job_outbox SET status = 'relayed', relayed_at = now(), locked_until = NULL WHERE id = $1 AND status = 'running'`,
      [id],
    );
  }

  /** Gives a claimed job back (the queue could not take it); it will be relayed again. */
  async release(id: string, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE job_outbox SET status = 'pending', locked_until = NULL, last_error = $2 WHERE id = $1 AND status = 'running'`,
      [id, error.slice(0, 2000)],
    );
  }

  /** The handler succeeded (`id` is the outbox row id). */
  async markDone(id: string, attempts: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE job_outbox SET status = 'done', completed_at = now(), locked_until = NULL, attempts = $2, last_error = NULL
        WHERE id = $1`,
      [id, attempts],
    );
  }

  /**
   * Records a failed attempt (`id` is the outbox row id). In-process: back to pending after
   * a backoff (`retryStatus` 'pending'); BullMQ retries by itself, so the row stays
   * 'relayed'. Failed for good once the attempts are spent. A row already done stays done.
   */
  async markAttemptFailed(
    id: string,
    attempts: number,
    maxAttempts: number,
    error: string,
    retryStatus: 'pending' | 'relayed',
  ): Promise<void> {
    const final = attempts >= maxAttempts;
    const status = final ? 'failed' : retryStatus;
    // In-process retries wait out the backoff in the table; BullMQ keeps run_at as it was.
    const retryInMs = status === 'pending' ? backoffMs(attempts) : null;
    await this.dataSource.query(
      `UPDATE job_outbox
          SET status = $2, attempts = $3, last_error = $4, locked_until = NULL,
              run_at = CASE WHEN $5::int IS NULL THEN run_at ELSE now() + $5::int * interval '1 millisecond' END
        WHERE id = $1 AND status <> 'done'`,
      [id, status, attempts, error.slice(0, 2000), retryInMs],
    );
  }
}
