import { MAX_RETRY_AFTER_MS, runAndSettle, settle } from './job-outcome';

const at = (attempt: number, maxAttempts = 3) => ({ attempt, maxAttempts });

describe('settle (the same rule for both drivers)', () => {
  it('done is done, even on the last attempt', () => {
    expect(settle('done', at(3))).toEqual({ kind: 'done' });
  });

  it('a thrown error is a retry with the backoff, failed on the last attempt with its message', () => {
    expect(settle(new Error('SMTP 451'), at(1))).toEqual({ kind: 'retry', delayMs: 1000, error: 'SMTP 451' });
    expect(settle(new Error('SMTP 451'), at(2))).toEqual({ kind: 'retry', delayMs: 2000, error: 'SMTP 451' });
    expect(settle(new Error('SMTP 451'), at(3))).toEqual({ kind: 'failed', reason: 'SMTP 451' });
  });

  it('a retry-after waits exactly that long (rounded up), whatever the backoff would be', () => {
    expect(settle({ retryAfterMs: 2500.2 }, at(1))).toEqual({
      kind: 'retry',
      delayMs: 2501,
      error: 'Nouvel essai demandé dans 2501 ms / retry requested in 2501 ms',
    });
    expect(settle({ retryAfterMs: 0 }, at(2))).toMatchObject({ kind: 'retry', delayMs: 0 });
    expect(settle({ retryAfterMs: 10 * MAX_RETRY_AFTER_MS }, at(1))).toMatchObject({ delayMs: MAX_RETRY_AFTER_MS });
  });

  it('a retry-after spends an attempt: on the last one the job fails, saying why', () => {
    expect(settle({ retryAfterMs: 100 }, at(3))).toEqual({
      kind: 'failed',
      reason:
        'Abandon après 3 tentative(s) / gave up after 3 attempt(s): Nouvel essai demandé dans 100 ms / retry requested in 100 ms',
    });
  });

  it('a permanent failure fails at once, with its reason', () => {
    expect(settle({ permanentFailure: 'Jeton refusé (401)' }, at(1, 10))).toEqual({
      kind: 'failed',
      reason: 'Jeton refusé (401)',
    });
  });

  it.each([[{ retryAfterMs: -1 }], [{ retryAfterMs: Number.NaN }], [undefined], [{}]])(
    'an invalid outcome %j is an error (retried)',
    (outcome) => {
      expect(settle(outcome as never, at(1))).toMatchObject({ kind: 'retry', delayMs: 1000 });
    },
  );

  it('runAndSettle turns a throw, even of a non-Error, into a retry with its message', async () => {
    expect(
      await runAndSettle(async () => {
        throw Object.assign(Object.create(null), { message: 'connect ECONNREFUSED' });
      }, at(1)),
    ).toEqual({ kind: 'retry', delayMs: 1000, error: 'connect ECONNREFUSED' });
    expect(await runAndSettle(async () => 'done', at(1))).toEqual({ kind: 'done' });
  });
});
