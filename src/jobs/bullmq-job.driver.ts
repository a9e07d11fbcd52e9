import { Logger } from '@nestjs/common';
import { DelayedError, Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import IORedis, { Redis } from 'ioredis';
import { withTimeout } from '../common/util/with-timeout';
import { JobDriver, JobRunner } from './job-driver';
import { runAndSettle } from './job-outcome';
import { backoffMs, ClaimedJob } from './job.types';
import { OutboxRepository } from './outbox.repository';

const BATCH = 100;
const ADD_TIMEOUT_MS = 3000;
const STOP_TIMEOUT_MS = 10_000;

/** What a BullMQ job carries: the logical job id and the handler's payload. */
interface QueuedJobData {
  jobId: string;
  payload: Record<string, unknown>;
  /** Runs already spent before this hand-over (a job handed over again after Redis lost it). */
  priorAttempts?: number;
  maxAttempts?: number;
}

/**
 * BullMQ driver: the relay hands committed outbox jobs to one BullMQ queue per concern;
 * workers run the handlers with BullMQ's retries and exponential backoff, and write the
 * outcome back to the outbox. The BullMQ job id is the outbox row id (a UUID, one per
 * logical job id), so a second hand-over is a no-op; the logical id (which may contain
 * ':' or be all digits, both refused by BullMQ as custom ids) travels in the job data.
 */
export class BullmqJobDriver implements JobDriver {
  readonly kind = 'bullmq' as const;
  private readonly logger = new Logger('BullMQ');
  private readonly producer: Redis;
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  private workerConnections: Redis[] = [];

  constructor(
    private readonly redisUrl: string,
    private readonly outbox: OutboxRepository,
    private readonly run: JobRunner,
    private readonly prefix: string,
    private readonly queueNames: () => string[],
    /** Hands a relayed, unsettled job over again this long after it was due (see claim). */
    private readonly requeueRelayedAfterMs: number,
  ) {
    // Fail fast while Redis is away: the job stays in the outbox and is relayed later.
    this.producer = new IORedis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
    this.producer.on('error', (e) => this.logger.debug(`Redis (producer): ${e.message}`));
  }

  private queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.producer, prefix: this.prefix });
      queue.on('error', (e) => this.logger.debug(`Queue ${name}: ${e.message}`));
      this.queues.set(name, queue);
    }
    return queue;
  }

  async start(runWorkers: boolean): Promise<void> {
    await this.producer
      .connect()
      .catch((e: Error) => this.logger.warn(`Redis injoignable au démarrage : ${e.message}`));
    if (!runWorkers) return;
    for (const name of this.queueNames()) {
      const connection = new IORedis(this.redisUrl, { maxRetriesPerRequest: null });
      connection.on('error', (e) => this.logger.debug(`Redis (worker ${name}): ${e.message}`));
      this.workerConnections.push(connection);
      const worker = new Worker(name, (job: Job<QueuedJobData>, token?: string) => this.process(job, token), {
        connection,
        prefix: this.prefix,
        concurrency: 4,
        // Short blocking waits, so that a graceful close (waiting for running jobs) ends promptly.
        drainDelay: 1,
        // Only when recording an outcome itself failed (the database away): see process().
        settings: { backoffStrategy: (attemptsMade: number) => backoffMs(attemptsMade) },
      });
      worker.on('error', (e) => this.logger.debug(`Worker ${name}: ${e.message}`));
      worker.on('failed', (job, err) => void this.onFailed(job, err));
      this.workers.push(worker);
    }
  }

  /**
   * One run. The attempt number is BullMQ's count of starts (`attemptsStarted`), which a
   * retry-after moves on too, plus the runs recorded in the outbox before this hand-over:
   * every run spends one attempt of one budget, on both drivers, even across a Redis loss. The outcome is
   * written to the outbox first, then told to BullMQ:
   * - done: the job completes;
   * - retry (a thrown error with the shared backoff, or the handler's retry-after): the job
   *   is moved to BullMQ's delayed set until then (`moveToDelayed` + DelayedError), so
   *   BullMQ's own retry budget and backoff are not used and cannot disagree with ours;
   * - failed: UnrecoverableError, which BullMQ never retries.
   * Should recording fail (the database away), the error reaches BullMQ, which retries
   * with the backoff within `attempts`.
   */
  private async process(job: Job<QueuedJobData>, token?: string): Promise<void> {
    const prior = job.data.priorAttempts ?? 0;
    const context = {
      jobId: job.data.jobId,
      attempt: prior + Math.max(job.attemptsStarted, job.attemptsMade + 1),
      maxAttempts: job.data.maxAttempts ?? prior + (job.opts.attempts ?? 1),
    };
    const settlement = await runAndSettle(
      () => this.run({ name: job.name, payload: job.data.payload, jobId: job.data.jobId }, context),
      context,
    );
    await this.outbox.record(job.id as string, context.attempt, settlement, 'relayed');
    if (settlement.kind === 'done') return;
    if (settlement.kind === 'failed') throw new UnrecoverableError(settlement.reason);
    this.logger.warn(`Job ${job.name} (${job.id}) attempt ${context.attempt}: ${settlement.error}`);
    await job.moveToDelayed(Date.now() + settlement.delayMs, token);
    throw new DelayedError();
  }

  /** Failed for good in BullMQ: the outbox says so too (already, when the handler decided). */
  private async onFailed(job: Job | undefined, err: Error): Promise<void> {
    if (!job?.id) return;
    const final = err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    const attempt = ((job.data as QueuedJobData).priorAttempts ?? 0) + job.attemptsStarted;
    this.logger.warn(`Job ${job.name} (${job.id}) attempt ${attempt} failed: ${err.message}`);
    if (!final) return;
    await this.outbox
      .markFailed(job.id, attempt, err.message)
      .catch((e: Error) => this.logger.error(`Could not record job failure: ${e.message}`));
  }

  /**
   * Hands the claimed jobs to their queues, one `addBulk` per queue and one UPDATE per batch
   * (an award queues one e-mail per bidder: 200 jobs are 2 round trips, not 400). A queue
   * that cannot take them gives back every job not yet handed over; those already in Redis
   * are handed over again later, which BullMQ ignores (same job id).
   */
  async drain(): Promise<number> {
    let handled = 0;
    for (;;) {
      const jobs = await this.outbox.claim(BATCH, {
        dueOnly: false,
        requeueRelayedAfterMs: this.requeueRelayedAfterMs,
      });
      const byQueue = new Map<string, ClaimedJob[]>();
      for (const job of jobs) byQueue.set(job.queue, [...(byQueue.get(job.queue) ?? []), job]);
      const relayed: string[] = [];
      try {
        for (const [queue, queued] of byQueue) {
          await withTimeout(
            this.queue(queue).addBulk(queued.map((job) => this.bulkJob(job))),
            ADD_TIMEOUT_MS,
            `addBulk ${queue} (${queued.length})`,
          );
          relayed.push(...queued.map((job) => job.id));
        }
      } catch (e) {
        // Redis unreachable: mark what the queues took, give the rest back; the next pass hands them over.
        await this.outbox.markRelayed(relayed);
        await this.outbox.releaseAll(
          jobs.filter((job) => !relayed.includes(job.id)).map((job) => job.id),
          (e as Error).message,
        );
        throw e;
      }
      await this.outbox.markRelayed(relayed);
      handled += relayed.length;
      if (jobs.length < BATCH) return handled;
    }
  }

  private bulkJob(job: ClaimedJob) {
    return {
      name: job.name,
      data: {
        jobId: job.jobId,
        payload: job.payload,
        priorAttempts: job.attempts,
        maxAttempts: job.maxAttempts,
      } satisfies QueuedJobData,
      opts: {
        jobId: job.id,
        delay: job.delayMs,
        // What is left of the budget (BullMQ's own retries only serve when recording fails).
        attempts: Math.max(1, job.maxAttempts - job.attempts),
        backoff: { type: 'custom' },
        removeOnComplete: { age: 7 * 24 * 3600 },
        removeOnFail: false,
      },
    };
  }

  async ping(): Promise<boolean> {
    try {
      return (await withTimeout(this.producer.ping(), 1000, 'ping')) === 'PONG';
    } catch {
      return false;
    }
  }

  /**
   * Lets running jobs finish (bounded), then disconnects. With Redis unreachable a graceful
   * worker close never ends (it waits for Redis), so the app could not shut down: the
   * workers are then closed at once; their jobs are retried from Redis or the outbox.
   */
  async stop(): Promise<void> {
    const force = !(await this.ping());
    await withTimeout(
      Promise.allSettled(this.workers.map((w) => w.close(force))),
      STOP_TIMEOUT_MS,
      'close workers',
    ).catch((e: Error) => this.logger.warn(e.message));
    await withTimeout(
      Promise.allSettled([...this.queues.values()].map((q) => q.close())),
      STOP_TIMEOUT_MS,
      'close queues',
    ).catch((e: Error) => this.logger.warn(e.message));
    for (const c of this.workerConnections) c.disconnect();
    this.producer.disconnect();
  }
}
