import { JobCatalogue, JobName } from './job-catalogue';

export type { JobCatalogue, JobName, JobPayload } from './job-catalogue';

/** When and how often a job may run. */
export interface JobOptions {
  /** Earliest run time; default now (database clock). */
  runAt?: Date;
  /** Runs of the handler before the job is failed for good (a retry-after counts as a run). */
  maxAttempts?: number;
}

/**
 * A job as a command records it: a catalogue name, the payload of that name, a
 * deterministic id (enqueuing the same logical job twice yields one job) and options.
 * A union over the catalogue, so that `{ name: 'notifications.send', payload: {} }` does not compile.
 */
export type JobRequest<N extends JobName = JobName> = {
  [K in N]: { name: K; payload: JobCatalogue[K]; jobId: string } & JobOptions;
}[N];

export interface JobContext {
  jobId: string;
  /** This run, from 1. */
  attempt: number;
  /** The last run the job may have. */
  maxAttempts: number;
}

/**
 * What a handler says about its run (a thrown error counts as a retry with the backoff):
 * - `'done'`;
 * - `{ retryAfterMs }`: try again, not before this delay (a 429 `Retry-After`);
 * - `{ permanentFailure }`: retrying cannot help (a 401, a malformed payload): failed at once, with the reason.
 */
export type JobOutcome = 'done' | { retryAfterMs: number } | { permanentFailure: string };

export interface JobHandler<N extends JobName = JobName> {
  handle(payload: JobCatalogue[N], context: JobContext): Promise<JobOutcome>;
}

/** A job claimed from the outbox by a relay. */
export interface ClaimedJob {
  id: string;
  jobId: string;
  queue: string;
  name: string;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
  delayMs: number;
}

export function queueOf(jobName: string): string {
  const dot = jobName.indexOf('.');
  if (dot <= 0) throw new Error(`Job name "${jobName}" must look like <queue>.<action>`);
  return jobName.slice(0, dot);
}

/** Exponential backoff shared by both drivers: 1 s, 2 s, 4 s, … capped at 5 min. */
export function backoffMs(attempt: number): number {
  return Math.min(1000 * 2 ** Math.max(0, attempt - 1), 300_000);
}

export const DEFAULT_MAX_ATTEMPTS = 5;
