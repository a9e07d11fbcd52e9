import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { JobDriver } from './job-driver';
import { JobRegistry } from './job-registry';

export const JOB_DRIVER = Symbol('JOB_DRIVER');

/**
 * Moves committed outbox jobs on: after each command that recorded jobs (nudge) and on a
 * timer that picks up whatever a crash or a queue outage left behind.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('OutboxRelay');
  private timer?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private again = false;
  private stopped = false;
  private lastFailure?: string;

  constructor(
    @Inject(JOB_DRIVER) private readonly driver: JobDriver,
    private readonly config: AppConfig,
    private readonly registry: JobRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Whatever order Nest runs the bootstrap hooks in, no job runs before the catalogue is checked.
    this.registry.check();
    await this.driver.start(this.config.runsWorkers);
    this.timer = setInterval(() => this.nudge(), this.config.OUTBOX_POLL_MS);
    this.timer.unref();
    this.nudge();
  }

  /** Asks for a relay pass soon; passes never overlap within a process. */
  nudge(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drainLoop().finally(() => (this.draining = undefined));
  }

  /** Runs relay passes until nothing is left (tests and the CLI wait on this). */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
    this.draining = this.drainLoop().finally(() => (this.draining = undefined));
    await this.draining;
  }

  private async drainLoop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.driver.drain();
        if (this.lastFailure) this.logger.log('Relais des tâches rétabli');
        this.lastFailure = undefined;
      } catch (e) {
        const message = (e as Error).message;
        if (message !== this.lastFailure) this.logger.warn(`Relais des tâches interrompu : ${message}`);
        this.lastFailure = message;
        return;
      }
    } while (this.again && !this.stopped);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.draining;
    await this.driver.stop();
  }
}
