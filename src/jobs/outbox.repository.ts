import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Settlement } from './job-outcome';
import { JobRegistry } from './job-registry';
import { ClaimedJob, DEFAULT_MAX_ATTEMPTS, JobRequest, queueOf } from './job.types';
import { SqlWrite } from '../common/util/sql-writes';

/** Claimed rows are taken over by another relay if not settled within this time. */
const CLAIM_LEASE = '5 minutes';

/** SQL over job_outbox. Every time comes from the database clock. */
@Injectable()
export class OutboxRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: JobRegistry,
  ) {}

  /**
   * The statement that records jobs in the caller's transaction (the command runner runs it
   * with the audit events); a job id already present is left alone. A name outside the
   * catalogue throws, so the command rolls back instead of leaving a job no worker can run.
   * One statement whatever the number of jobs (an award queues one e-mail per bidder).
   */
  insertion(jobs: readonly JobRequest[]): SqlWrite | null {
    if (jobs.length === 0) return null;
    for (const job of jobs) this.registry.assertDeclared(job.name);
    return {
      sql: `INSERT INTO job_outbox (job_id, queue, name, payload, run_at, max_attempts)
       SELECT j.job_id, j.queue, j.name, j.payload::jsonb, COALESCE(j.run_at::timestamptz, now()), j.max_attempts
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[])
              WITH ORDINALITY AS j(job_id, queue, name, payload, run_at, max_attempts, n)
        ORDER BY j.n
       ON CONFLICT (job_id) DO NOTHING`,
      params: [
        jobs.map((j) => j.jobId),
        jobs.map((j) => queueOf(j.name)),
        jobs.map((j) => j.name),
        jobs.map((j) => JSON.stringify(j.payload)),
        jobs.map((j) => (j.runAt ? j.runAt.toISOString() : null)),
        jobs.map((j) => j.maxAttempts ?? DEFAULT_MAX_ATTEMPTS),
      ],
    };
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
   * The queue has the jobs. Only rows still claimed by this relay move on: the worker may
   * already have run a job and marked it done (or failed) in between.
   */
  async markRelayed(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.query(
      `UPDATE job_outbox SET status = 'relayed', relayed_at = now(), locked_until = NULL
        WHERE id = ANY($1::uuid[]) AND status = 'running'`,
      [ids],
    );
  }

  /** Gives claimed jobs back (the queue could not take them); they will be relayed again. */
  async releaseAll(ids: readonly string[], error: string): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.query(
      `UPDATE job_outbox SET status = 'pending', locked_until = NULL, last_error = $2
        WHERE id = ANY($1::uuid[]) AND status = 'running'`,
      [ids, error.slice(0, 2000)],
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
   * Records how a run ended (`id` is the outbox row id, `attempts` the runs so far). A retry
   * goes back to `retryStatus` ('pending' in-process: the relay claims it again once due;
   * 'relayed' on BullMQ, which holds the delayed job) with `run_at` set to when the next run
   * is due, so both drivers show the same thing. Failed is for good, with the reason. A row
   * already done stays done (a late report of an earlier run).
   */
  async record(
    id: string,
    attempts: number,
    settlement: Settlement,
    retryStatus: 'pending' | 'relayed',
  ): Promise<void> {
    if (settlement.kind === 'done') return this.markDone(id, attempts);
    if (settlement.kind === 'failed') return this.markFailed(id, attempts, settlement.reason);
    await this.dataSource.query(
      `UPDATE job_outbox
          SET status = $2, attempts = $3, last_error = $4, locked_until = NULL,
              run_at = now() + $5::bigint * interval '1 millisecond'
        WHERE id = $1 AND status NOT IN ('done', 'failed')`,
      [id, retryStatus, attempts, settlement.error.slice(0, 2000), settlement.delayMs],
    );
  }

  /** Failed for good: never claimed again. */
  async markFailed(id: string, attempts: number, reason: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE job_outbox SET status = 'failed', attempts = GREATEST(attempts, $2), last_error = $3, locked_until = NULL,
              completed_at = now()
        WHERE id = $1 AND status <> 'done'`,
      [id, attempts, reason.slice(0, 2000)],
    );
  }
}
