import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import { AppConfig } from '../config/app-config';

const RETRY_AFTER_SQL = `GREATEST(1, ceil(extract(epoch FROM next_attempt_at - now())))::int`;

/**
 * Log-in throttling (README “Log-in throttling”), counted in PostgreSQL so that every replica
 * sees the same attempts, timed by the database clock:
 *
 * - per account (the e-mail's skeleton, whether the account exists or not, so that answers
 *   never tell them apart): every attempt is counted as a failure until it succeeds, which
 *   clears the count; after LOGIN_FREE_FAILURES failures each further attempt waits 1 s, 2 s,
 *   4 s, …; after LOGIN_LOCK_FAILURES the account waits LOGIN_LOCK_SECONDS. Counting before
 *   the password is checked means parallel attempts cannot slip in under the count. A count
 *   older than LOGIN_FAILURE_WINDOW_SECONDS starts again.
 * - per client address: failed attempts only (successful log-ins of a whole office never
 *   count), at most LOGIN_ADDRESS_MAX_FAILURES per window, then the address waits until the
 *   window since its last failure ends.
 *
 * A refused attempt is 429 RATE_LIMITED with `Retry-After`, the same for every account.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** Refuses the attempt (429) or reserves it as a failure of the account. */
  async begin(accountKey: string, address: string): Promise<void> {
    const [blockedAddress] = await this.dataSource.query<{ wait: number }[]>(
      `SELECT GREATEST(1, ceil(extract(epoch FROM last_failure_at + make_interval(secs => $2::int) - now())))::int AS wait
         FROM login_throttle
        WHERE key = $1 AND failures >= $3::int AND last_failure_at > now() - make_interval(secs => $2::int)`,
      [`address:${address}`, this.config.LOGIN_FAILURE_WINDOW_SECONDS, this.config.LOGIN_ADDRESS_MAX_FAILURES],
    );
    if (blockedAddress) throw tooSoon(blockedAddress.wait);

    const next = (n: string) => `now() + make_interval(secs => CASE
        WHEN ${n} >= $4::int THEN $5::int
        WHEN ${n} >= $3::int THEN LEAST(power(2, ${n} - $3::int), $5::int)
        ELSE 0 END)`;
    const fresh = `t.last_failure_at < now() - make_interval(secs => $2::int)`;
    const counted = `CASE WHEN ${fresh} THEN 1 ELSE t.failures + 1 END`;
    const reserved = await this.dataSource.query<{ failures: number }[]>(
      `INSERT INTO login_throttle AS t (key, failures, last_failure_at, next_attempt_at)
       VALUES ($1, 1, now(), ${next('1')})
       ON CONFLICT (key) DO UPDATE
          SET failures = ${counted}, last_failure_at = now(), next_attempt_at = ${next(counted)}
        WHERE t.next_attempt_at <= now()
       RETURNING failures`,
      [
        `account:${accountKey}`,
        this.config.LOGIN_FAILURE_WINDOW_SECONDS,
        this.config.LOGIN_FREE_FAILURES,
        this.config.LOGIN_LOCK_FAILURES,
        this.config.LOGIN_LOCK_SECONDS,
      ],
    );
    if (reserved.length > 0) return;
    const [row] = await this.dataSource.query<{ wait: number }[]>(
      `SELECT ${RETRY_AFTER_SQL} AS wait FROM login_throttle WHERE key = $1`,
      [`account:${accountKey}`],
    );
    throw tooSoon(row?.wait ?? 1);
  }

  /** A wrong password (or no such account): one more failure for the address. */
  async failed(address: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO login_throttle AS t (key, failures, last_failure_at, next_attempt_at)
       VALUES ($1, 1, now(), now())
       ON CONFLICT (key) DO UPDATE
          SET failures = CASE WHEN t.last_failure_at < now() - make_interval(secs => $2::int) THEN 1 ELSE t.failures + 1 END,
              last_failure_at = now()`,
      [`address:${address}`, this.config.LOGIN_FAILURE_WINDOW_SECONDS],
    );
  }

  /** The right password: the account's count starts again. */
  async succeeded(accountKey: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM login_throttle WHERE key = $1`, [`account:${accountKey}`]);
  }
}

function tooSoon(seconds: number): DomainError {
  return new DomainError('RATE_LIMITED', 'Trop de tentatives de connexion ; réessayez plus tard.', {
    retryAfterSeconds: seconds,
  });
}
