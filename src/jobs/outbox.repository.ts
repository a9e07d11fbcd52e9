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
        [job.jobId, queueOf(job.name), job.name, JSON.stringify(job.payload), job.runAt ?? null, job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS],
      );
    }
  }

  /**
   * Claims up to `limit` jobs (pending, or claimed by a relay that vanished). With
   * `dueOnly`, only jobs whose run time has come (in-process driver); otherwise all, with
   * the remaining delay (BullMQ driver hands the delay to Redis).
   */
  async claim(limit: number, dueOnly: boolean, queues?: string[]): Promise<ClaimedJob[]> {
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `UPDATE job_outbox SET status = 'running', locked_until = now() + interval '${CLAIM_LEASE}'
        WHERE id IN (
          SELECT id FROM job_outbox
           WHERE ((status = 'pending' ${dueOnly ? 'AND run_at <= now()' : ''})
                  OR (status = 'running' AND locked_until < now()))
             AND ($2::text[] IS NULL OR queue = ANY($2::text[]))
           ORDER BY run_at
           LIMIT $1
           FOR UPDATE SKIP LOCKED)
        RETURNING id, job_id, queue, name, payload, attempts, max_attempts,
                  GREATEST(0, (EXTRACT(EPOCH FROM (run_at - now())) * 1000))::bigint AS delay_ms`,
      [limit, queues ?? null],
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

  async markRelayed(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE job_outbox SET status = 'relayed', relayed_at = now(), locked_until = NULL WHERE id = $1`,
      [id],
    );
  }

  /** Gives a claimed job back (the queue could not take it); it will be relayed again. */
  async release(id: string, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE job_outbox SET status = 'pending', locked_until = NULL, last_error = $2 WHERE id = $1`,
      [id, error.slice(0, 2000)],
    );
  }

  async markDone(jobId: string, attempts: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE job_outbox SET status = 'done', completed_at = now(), locked_until = NULL, attempts = $2, last_error = NULL
        WHERE job_id = $1`,
      [jobId, attempts],
    );
  }

  /**
   * Records a failed attempt. In-process: back to pending after a backoff (`retryStatus`
   * 'pending'); BullMQ retries by itself, so the row stays 'relayed'. Failed for good once
   * the attempts are spent.
   */
  async markAttemptFailed(
    jobId: string,
    attempts: number,
    maxAttempts: number,
    error: string,
    retryStatus: 'pending' | 'relayed',
  ): Promise<void> {
    const final = attempts >= maxAttempts;
    await this.dataSource.query(
      `UPDATE job_outbox
          SET status = $2, attempts = $3, last_error = $4, locked_until = NULL,
              run_at = CASE WHEN $2 = 'pending' THEN now() + ($5 || ' milliseconds')::interval ELSE run_at END
        WHERE job_id = $1`,
      [jobId, final ? 'failed' : retryStatus, attempts, error.slice(0, 2000), String(backoffMs(attempts))],
    );
  }
}
