import { Logger } from '@nestjs/common';
import { JobDriver, JobRunner } from './job-driver';
import { OutboxRepository } from './outbox.repository';

const BATCH = 20;

/**
 * In-process driver (no REDIS_URL): the outbox table is the queue. Jobs run in this
 * process once due, with the same handlers, retries and job ids as on BullMQ. Several
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
        const attempt = job.attempts + 1;
        try {
          await this.run(job, attempt);
          await this.outbox.markDone(job.id, attempt);
        } catch (e) {
          this.logger.warn(`Job ${job.name} (${job.jobId}) attempt ${attempt} failed: ${(e as Error).message}`);
          await this.outbox.markAttemptFailed(job.id, attempt, job.maxAttempts, (e as Error).message, 'pending');
        }
        handled += 1;
      }
      if (jobs.length < BATCH || !this.running) return handled;
    }
  }
}
