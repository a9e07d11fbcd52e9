import { backoffMs, JobContext, JobOutcome } from './job.types';

/** What a driver does after a run, the same for BullMQ and in-process. */
export type Settlement =
  | { kind: 'done' }
  /** Run again not before `delayMs`; `error` is recorded as the outbox row's last_error. */
  | { kind: 'retry'; delayMs: number; error: string }
  | { kind: 'failed'; reason: string };

/** Longest retry-after honoured (a day): a larger value is a bug or a hostile server, not a plan. */
export const MAX_RETRY_AFTER_MS = 86_400_000;

/**
 * Turns a run's outcome (or the error it threw) into what the driver records and does.
 * Every run spends one attempt, a retry-after included: a server answering 429 forever
 * ends the job after maxAttempts runs instead of retrying it for ever.
 */
export function settle(outcome: JobOutcome | Error, context: Pick<JobContext, 'attempt' | 'maxAttempts'>): Settlement {
  const { attempt, maxAttempts } = context;
  const last = attempt >= maxAttempts;
  const giveUp = (why: string): Settlement => ({
    kind: 'failed',
    reason: `Abandon après ${attempt} tentative(s) / gave up after ${attempt} attempt(s): ${why}`,
  });
  if (outcome === 'done') return { kind: 'done' };
  if (outcome instanceof Error) {
    return last
      ? { kind: 'failed', reason: outcome.message }
      : { kind: 'retry', delayMs: backoffMs(attempt), error: outcome.message };
  }
  if (outcome && typeof outcome === 'object' && 'permanentFailure' in outcome) {
    return { kind: 'failed', reason: String(outcome.permanentFailure) };
  }
  if (outcome && typeof outcome === 'object' && 'retryAfterMs' in outcome) {
    const ms = outcome.retryAfterMs;
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
      return settle(new Error(`retryAfterMs invalide / invalid retryAfterMs: ${String(ms)}`), context);
    }
    const delayMs = Math.min(Math.ceil(ms), MAX_RETRY_AFTER_MS);
    const error = `Nouvel essai demandé dans ${delayMs} ms / retry requested in ${delayMs} ms`;
    return last ? giveUp(error) : { kind: 'retry', delayMs, error };
  }
  return settle(new Error(`Résultat de tâche invalide / invalid job outcome: ${JSON.stringify(outcome)}`), context);
}

/** Runs a handler and settles its outcome; a throw becomes an Error outcome. */
export async function runAndSettle(
  run: () => Promise<JobOutcome>,
  context: Pick<JobContext, 'attempt' | 'maxAttempts'>,
): Promise<Settlement> {
  let outcome: JobOutcome | Error;
  try {
    outcome = await run();
  } catch (e) {
    // Not `instanceof Error`: errors of another realm (Node's own under a VM) have a message too.
    const message = (e as { message?: unknown } | null)?.message;
    outcome = new Error(typeof message === 'string' ? message : String(e));
  }
  return settle(outcome, context);
}
