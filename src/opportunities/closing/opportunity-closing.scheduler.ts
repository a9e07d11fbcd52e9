import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { JobName } from '../../jobs/job-catalogue';
import { JobRegistry } from '../../jobs/job-registry';
import { OpportunityClosingService } from './opportunity-closing.service';

/** The catalogue job: one sweep over every due closing (payload-free, idempotent). */
export const CLOSE_DUE_JOB = 'opportunities.close-due' satisfies JobName;

/**
 * Runs the closing sweep (OpportunityClosingService.closeDue) in every worker process
 * (APP_ROLE worker or all, never api): once at boot, then every CLOSING_SWEEP_MS, on a
 * plain timer, whatever the job driver. The sweep is the handler registered under
 * CLOSE_DUE_JOB, so an enqueued `opportunities.close-due` job runs the same code.
 *
 * No Redis, queue or worker of its own: the closing is race-safe (two sweeps close every
 * opportunity once, see the service), so N workers sweeping independently is correct, and
 * a stopped or killed worker leaves nothing behind for the others to recover (docs/closing.md).
 */
@Injectable()
export class OpportunityClosingScheduler implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('OpportunityClosing');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private completed = 0;

  constructor(
    private readonly config: AppConfig,
    private readonly registry: JobRegistry,
    private readonly closing: OpportunityClosingService,
  ) {}

  /** Sweeps this process has finished (tests and diagnostics). */
  get sweeps(): number {
    return this.completed;
  }

  /** Where the schedule lives in this process: 'timer', or 'none' (APP_ROLE=api). */
  get mode(): 'timer' | 'none' {
    return this.config.runsWorkers ? 'timer' : 'none';
  }

  onModuleInit(): void {
    this.registry.register(CLOSE_DUE_JOB, {
      handle: async () => {
        await this.closing.closeDue();
        return 'done';
      },
    });
  }

  onApplicationBootstrap(): void {
    if (this.mode === 'none') return;
    void this.sweep('démarrage');
    this.timer = setInterval(() => void this.sweep('minuterie'), this.config.CLOSING_SWEEP_MS);
    this.timer.unref();
  }

  /**
   * One sweep through the registered handler. Sweeps never overlap within a process: a tick
   * arriving during a sweep waits for it and counts as done (the sweep covers its rows).
   */
  sweep(trigger: string): Promise<void> {
    if (this.running) return this.running;
    if (this.stopped) return Promise.resolve();
    const handler = this.registry.handlerFor(CLOSE_DUE_JOB)!;
    this.running = handler
      .handle({}, { jobId: `${CLOSE_DUE_JOB}:${trigger}`, attempt: 1, maxAttempts: 1 })
      .then(
        () => undefined,
        (e: Error) => this.logger.error(`Balayage des fermetures (${trigger}) interrompu : ${e.message}`),
      )
      .finally(() => {
        this.completed += 1;
        this.running = undefined;
      });
    return this.running;
  }

  /** Stops the timer and waits for the sweep under way (each closing is one short transaction). */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
