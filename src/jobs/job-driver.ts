import { ClaimedJob, JobContext, JobOutcome } from './job.types';

/** How claimed outbox jobs reach their handlers: BullMQ on Redis, or in-process. */
export interface JobDriver {
  readonly kind: 'bullmq' | 'inline';
  /** Relays (or, in-process, runs) what the outbox holds; returns how many were handled. */
  drain(): Promise<number>;
  start(runWorkers: boolean): Promise<void>;
  stop(): Promise<void>;
  /** Reachability for /health/ready. */
  ping(): Promise<boolean>;
}

/** Runs the registered handler of a job (throws when this process has none). */
export type JobRunner = (
  job: Pick<ClaimedJob, 'name' | 'payload' | 'jobId'>,
  context: JobContext,
) => Promise<JobOutcome>;
