import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SerialPass } from '../common/util/serial-pass';
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
  private readonly passes: SerialPass;
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(JOB_DRIVER) private readonly driver: JobDriver,
    private readonly config: AppConfig,
    private readonly registry: JobRegistry,
  ) {
    const drain = async () => {
      await this.driver.drain();
    };
    this.passes = new SerialPass(drain, new Logger('OutboxRelay'), {
      interrupted: 'Relais des tâches interrompu',
      restored: 'Relais des tâches rétabli',
    });
  }

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
    this.passes.request();
  }

  /** Runs relay passes until nothing is left (tests and the CLI wait on this). */
  flush(): Promise<void> {
    return this.passes.flush();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.passes.stop();
    await this.driver.stop();
  }
}
