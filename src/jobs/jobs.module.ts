import { Global, Logger, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import type { BullmqJobDriver as BullmqDriverClass } from './bullmq-job.driver';
import { InlineJobDriver } from './inline-job.driver';
import { JobDriver, JobRunner } from './job-driver';
import { JobRegistry } from './job-registry';
import { OutboxRelay, JOB_DRIVER } from './outbox-relay.service';
import { OutboxRepository } from './outbox.repository';

@Global()
@Module({
  providers: [
    JobRegistry,
    OutboxRepository,
    {
      provide: JOB_DRIVER,
      inject: [AppConfig, OutboxRepository, JobRegistry],
      useFactory: (config: AppConfig, outbox: OutboxRepository, registry: JobRegistry): JobDriver => {
        const run: JobRunner = async (job, context) => {
          // Declared but handled elsewhere (a rolling deploy): an error, retried with the backoff.
          const handler = registry.handlerFor(job.name);
          if (!handler) throw new Error(`Aucun gestionnaire pour « ${job.name} » / no handler for "${job.name}"`);
          return handler.handle(job.payload as never, context);
        };
        if (config.REDIS_URL) {
          // BullMQ (and its Redis client) is loaded only with Redis: jobs in-process do not need it at start.
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          const { BullmqJobDriver } = require('./bullmq-job.driver') as { BullmqJobDriver: typeof BullmqDriverClass };
          // Queues are known once every module has declared its jobs (at bootstrap).
          return new BullmqJobDriver(
            config.REDIS_URL,
            outbox,
            run,
            config.BULLMQ_PREFIX,
            () => registry.queues(),
            config.OUTBOX_REQUEUE_AFTER_MS,
          );
        }
        new Logger('Jobs').log('Sans REDIS_URL : les tâches s’exécutent dans ce processus.');
        return new InlineJobDriver(outbox, run);
      },
    },
    OutboxRelay,
  ],
  exports: [JobRegistry, OutboxRepository, OutboxRelay, JOB_DRIVER],
})
export class JobsModule {}
