import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Job, Queue, Worker } from 'bullmq';
import IORedis, { Redis } from 'ioredis';
import { withTimeout } from '../../common/util/with-timeout';
import { AppConfig } from '../../config/app-config';
import { JobRegistry } from '../../jobs/job-registry';
import { OpportunityClosingService } from './opportunity-closing.service';

/** The registered job: one sweep over every due closing (payload-free, idempotent). */
export const CLOSE_DUE_JOB = 'opportunities.close-due';
/** BullMQ job scheduler id, and the queue that carries only its jobs. */
export const CLOSE_DUE_SCHEDULER_ID = 'opportunities-close-due';
export const CLOSING_SCHEDULE_QUEUE = 'opportunities-schedule';

/** How often a worker checks that the job scheduler still exists (a Redis restart without persistence loses it). */
const MIN_ENSURE_EVERY_MS = 5_000;
const REDIS_TIMEOUT_MS = 3_000;

/**
 * Runs the closing sweep (OpportunityClosingService.closeDue) in worker processes
 * (APP_ROLE worker or all): once at boot, then every CLOSING_SWEEP_MS.
 *
 * - With Redis: a BullMQ job scheduler, upserted by every worker under one id, so the
 *   deployment has one schedule whatever the number of workers; each tick is one job taken
 *   by one worker. Its jobs travel on a queue of their own: the outbox driver's workers
 *   record every job they run in job_outbox by BullMQ id, which scheduler jobs do not have.
 * - Without Redis: a timer in each worker process.
 *
 * Either way the handler is the one registered in the JobRegistry under CLOSE_DUE_JOB, and
 * two sweeps racing each other close every opportunity once (see the service).
 */
@Injectable()
export class OpportunityClosingScheduler implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('OpportunityClosing');
  private timer?: NodeJS.Timeout;
  private ensureTimer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private completed = 0;
  private queue?: Queue;
  private worker?: Worker;
  private connections: Redis[] = [];
  private lastScheduleError?: string;

  constructor(
    private readonly config: AppConfig,
    private readonly registry: JobRegistry,
    private readonly closing: OpportunityClosingService,
  ) {}

  /** Sweeps this process has finished (tests and diagnostics). */
  get sweeps(): number {
    return this.completed;
  }

  /** Where the schedule lives in this process: 'bullmq', 'timer', or 'none' (APP_ROLE=api). */
  get mode(): 'bullmq' | 'timer' | 'none' {
    if (!this.config.runsWorkers) return 'none';
    return this.config.REDIS_URL ? 'bullmq' : 'timer';
  }

  onModuleInit(): void {
    this.registry.register(CLOSE_DUE_JOB, { handle: async () => void (await this.closing.closeDue()) });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.mode === 'none') return;
    void this.sweep('démarrage');
    if (this.mode === 'timer') {
      this.timer = setInterval(() => void this.sweep('minuterie'), this.config.CLOSING_SWEEP_MS);
      this.timer.unref();
      return;
    }
    this.startBullmq(this.config.REDIS_URL!);
    await this.ensureSchedule(true);
    this.ensureTimer = setInterval(
      () => void this.ensureSchedule(false),
      Math.max(this.config.CLOSING_SWEEP_MS, MIN_ENSURE_EVERY_MS),
    );
    this.ensureTimer.unref();
  }

  /**
   * One sweep through the registered handler. Sweeps never overlap within a process: a tick
   * arriving during a sweep waits for it and counts as done (the sweep covers its rows).
   */
  sweep(trigger: string): Promise<void> {
    if (this.running) return this.running;
    if (this.stopped) return Promise.resolve();
    this.running = this.registry
      .handlerFor(CLOSE_DUE_JOB)
      .handle({}, { jobId: `${CLOSE_DUE_SCHEDULER_ID}:${trigger}`, attempt: 1 })
      .catch((e: Error) => this.logger.error(`Balayage des fermetures (${trigger}) interrompu : ${e.message}`))
      .finally(() => {
        this.completed += 1;
        this.running = undefined;
      });
    return this.running;
  }

  private startBullmq(redisUrl: string): void {
    // Fail fast while Redis is away (the schedule is ensured again later).
    const producer = new IORedis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
    producer.on('error', (e) => this.logger.debug(`Redis (planification) : ${e.message}`));
    const workerConnection = new IORedis(redisUrl, { maxRetriesPerRequest: null });
    workerConnection.on('error', (e) => this.logger.debug(`Redis (balayage) : ${e.message}`));
    this.connections = [producer, workerConnection];
    const prefix = this.config.BULLMQ_PREFIX;
    this.queue = new Queue(CLOSING_SCHEDULE_QUEUE, { connection: producer, prefix });
    this.queue.on('error', (e) => this.logger.debug(`Queue ${CLOSING_SCHEDULE_QUEUE} : ${e.message}`));
    this.worker = new Worker(CLOSING_SCHEDULE_QUEUE, (job: Job) => this.sweep(`tâche ${job.id}`), {
      connection: workerConnection,
      prefix,
      concurrency: 1,
      // Short blocking waits, so that a graceful close ends promptly.
      drainDelay: 1,
    });
    this.worker.on('error', (e) => this.logger.debug(`Worker ${CLOSING_SCHEDULE_QUEUE} : ${e.message}`));
  }

  /**
   * Upserts the job scheduler (at boot: always, so that a new CLOSING_SWEEP_MS applies; later:
   * only when Redis lost it). Upserting an unchanged scheduler keeps its next run time.
   */
  private async ensureSchedule(force: boolean): Promise<void> {
    const queue = this.queue;
    if (!queue || this.stopped) return;
    try {
      const producer = this.connections[0];
      if (producer.status === 'wait' || producer.status === 'end')
        await withTimeout(producer.connect(), REDIS_TIMEOUT_MS, 'connexion');
      const exists =
        !force && (await withTimeout(queue.getJobScheduler(CLOSE_DUE_SCHEDULER_ID), REDIS_TIMEOUT_MS, 'lecture'));
      if (!exists) {
        await withTimeout(
          queue.upsertJobScheduler(
            CLOSE_DUE_SCHEDULER_ID,
            { every: this.config.CLOSING_SWEEP_MS },
            {
              name: CLOSE_DUE_JOB,
              data: {},
              opts: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
            },
          ),
          REDIS_TIMEOUT_MS,
          'planification',
        );
      }
      if (this.lastScheduleError) this.logger.log('Planification des fermetures rétablie');
      this.lastScheduleError = undefined;
    } catch (e) {
      // Said once per kind of failure, not at every check while Redis is away.
      const message = (e as Error).message;
      if (message !== this.lastScheduleError)
        this.logger.warn(`Planification des fermetures non enregistrée (nouvel essai plus tard) : ${message}`);
      this.lastScheduleError = message;
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.ensureTimer) clearInterval(this.ensureTimer);
    // The schedule stays in Redis for the other workers; this process only stops taking its jobs.
    // With Redis away a graceful close never ends: close at once then (the tick is retried).
    const reachable = await withTimeout(this.connections[0]?.ping() ?? Promise.resolve('none'), 1000, 'ping').then(
      () => true,
      () => false,
    );
    await withTimeout(Promise.allSettled([this.worker?.close(!reachable), this.queue?.close()]), 10_000, 'arrêt').catch(
      (e: Error) => this.logger.warn(e.message),
    );
    for (const c of this.connections) c.disconnect();
    await this.running;
  }
}
