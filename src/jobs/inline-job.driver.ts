import { Logger } from '@nestjs/common';
import { JobDriver, JobRunner } from './job-driver';
import { runAndSettle } from './job-outcome';
import { OutboxRepository } from './outbox.repository';

const BATCH = 20;

/**
 * In-process driver (no REDIS_URL): the outbox table is the queue. Jobs run in this
 * process once due, with the same handlers, outcomes, retries and job ids as on BullMQ. Several
 * processes may share one database: claims use FOR UPDATE SKIP LOCKED.
 */
export class InlineJobDriver implements JobDriver {
  readonly kind = 'inline' as const;
  private readonly logger = new Logger('InlineJobs');
  private running = false;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly run: JobRunner,
  ) {}

  async start(runWorkers: boolean): Promise<void> {
    this.running = runWorkers;
  }

  async stop(): Promise<void> {
    this.running = false;
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async drain(): Promise<number> {
    if (!this.running) return 0;
    let handled = 0;
    for (;;) {
      const jobs = await this.outbox.claim(BATCH, { dueOnly: true });
      for (const job of jobs) {
        const context = { jobId: job.jobId, attempt: job.attempts + 1, maxAttempts: job.maxAttempts };
        const settlement = await runAndSettle(() => this.run(job, context), context);
        if (settlement.kind === 'retry')
          this.logger.warn(`Job ${job.name} (${job.jobId}) attempt ${context.attempt}: ${settlement.error}`);
        if (settlement.kind === 'failed')
          this.logger.warn(`Job ${job.name} (${job.jobId}) failed for good: ${settlement.reason}`);
        // A retry goes back to pending, due after its delay (backoff or retry-after).
        await this.outbox.record(job.id, context.attempt, settlement, 'pending');
        handled += 1;
      }
      if (jobs.length < BATCH || !this.running) return handled;
    }
  }
}
