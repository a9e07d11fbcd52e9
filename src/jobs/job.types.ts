/** A job as a command records it: a name (`<queue>.<action>`), a payload and options. */
export interface JobRequest<P extends Record<string, unknown> = Record<string, unknown>> {
  name: string;
  payload: P;
  /** Deterministic id: enqueuing the same logical job twice yields one job. */
  jobId: string;
  /** Earliest run time; default now (database clock). */
  runAt?: Date;
  maxAttempts?: number;
}

export interface JobContext {
  jobId: string;
  attempt: number;
}

export interface JobHandler<P = Record<string, unknown>> {
  handle(payload: P, context: JobContext): Promise<void>;
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
