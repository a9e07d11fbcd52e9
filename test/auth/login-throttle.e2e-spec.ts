import { emailSkeleton } from '../../src/users/email-identity';
import { PasswordHasher } from '../../src/users/password-hasher';
import { expectEnvelope, PASSWORD, unique } from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';

const THROTTLE = {
  LOGIN_FREE_FAILURES: '2',
  LOGIN_LOCK_FAILURES: '4',
  LOGIN_LOCK_SECONDS: '5',
  LOGIN_FAILURE_WINDOW_SECONDS: '60',
  LOGIN_ADDRESS_MAX_FAILURES: '8',
};

/**
 * Issue 13 (Medium 7): log-in is throttled per account, whatever the address, with a
 * generous ceiling of failures per address; successes never count; unknown and real
 * accounts get the same answers; counters are shared by replicas (PostgreSQL).
 */
describe('Log-in throttling', () => {
  let t: TestApp;
  let replica: TestApp;
  let passwordHash: string;

  beforeAll(async () => {
    t = await startTestApp({ label: 'loginthrottle', redis: false, env: THROTTLE });
    replica = await startTestApp({ databaseUrl: t.config.DATABASE_URL, redis: false, env: THROTTLE });
    passwordHash = await t.app.get(PasswordHasher).hash(PASSWORD);
  });

  afterAll(async () => {
    await replica?.close();
    await t?.close();
  });

  async function account(): Promise<string> {
    const email = `${unique('compte')}@exemple.quebec`;
    await t.dataSource.query(
      `INSERT INTO app_user (email, email_skeleton, name, password_hash, role, preferred_language, active)
       VALUES ($1, $1, 'Compte', $2, 'vendor', 'fr', true)`,
      [email, passwordHash],
    );
    return email;
  }

  /**
   * As if `seconds` had passed for this account's throttle, without sleeping: its instants
   * move back by that much on the database clock that LoginThrottle reads. No timing in the test.
   */
  const elapse = (email: string, seconds: number) =>
    t.dataSource.query(
      `UPDATE login_throttle
          SET last_failure_at = last_failure_at - make_interval(secs => $2),
              next_attempt_at = next_attempt_at - make_interval(secs => $2)
        WHERE key = $1`,
      [`account:${emailSkeleton(email)}`, seconds],
    );

  const attempt = (app: TestApp, email: string, password: string, from: string) =>
    app.http().post('/api/v1/auth/login').set('X-Forwarded-For', from).send({ email, password });

  /** Statuses, bodies (without request ids) and Retry-After of a run of attempts from rotating addresses. */
  async function failuresOf(email: string) {
    const seen: { status: number; code?: string; message?: string; retryAfter?: string }[] = [];
    let n = 0;
    const run = async (app: TestApp, password = 'mauvais-mot-de-passe') => {
      const res = await attempt(app, email, password, `198.51.100.${++n}`);
      seen.push({
        status: res.status,
        code: res.body.error?.code,
        message: res.body.error?.message,
        retryAfter: res.headers['retry-after'],
      });
      return res;
    };
    await run(t);
    // Two at once after the first failure: one is examined (second failure), the other must wait 1 s.
    const pair = await Promise.all([run(replica), run(t)]);
    expect(pair.map((r) => r.status).sort()).toEqual([401, 429]);
    seen.splice(1, 2, ...[...seen.slice(1, 3)].sort((a, b) => a.status - b.status));
    await elapse(email, 1.1);
    await run(replica); // third failure: the next attempt waits 2 s
    await run(t);
    await elapse(email, 2.1);
    await run(replica); // fourth failure: locked for LOGIN_LOCK_SECONDS
    await run(t, PASSWORD); // even the right password waits
    return seen;
  }

  it('delays, then locks an account, from whatever address and replica; the lock ends by itself', async () => {
    const email = await account();
    const seen = await failuresOf(email);
    expect(seen.map((s) => s.status)).toEqual([401, 401, 429, 401, 429, 401, 429]);
    expect(seen[2]).toMatchObject({ code: 'RATE_LIMITED', retryAfter: '1' });
    expect(Number(seen[4].retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(seen[6].retryAfter)).toBeGreaterThanOrEqual(2);

    await attempt(t, email, PASSWORD, '198.51.100.199').expect(429); // still locked
    await elapse(email, Number(seen[6].retryAfter) + 0.1);
    await attempt(t, email, PASSWORD, '198.51.100.200').expect(200);
    // A success starts the count again.
    await attempt(t, email, 'mauvais', '198.51.100.201').expect(401);
    await attempt(t, email, 'mauvais', '198.51.100.201').expect(401);
  });

  it('answers the same for an account that does not exist', async () => {
    const [real, unknown] = await Promise.all([
      failuresOf(await account()),
      failuresOf(`${unique('nul')}@exemple.quebec`),
    ]);
    const shape = (seen: typeof real) => seen.map((s) => ({ ...s, retryAfter: s.retryAfter !== undefined }));
    expect(shape(unknown)).toEqual(shape(real));
    expect(unknown.map((s) => s.status)).toEqual([401, 401, 429, 401, 429, 401, 429]);
  });

  it('never blocks successful log-ins of different people from one address', async () => {
    const office = '203.0.113.7';
    const emails = await Promise.all(Array.from({ length: 12 }, () => account()));
    for (const email of emails) await attempt(t, email, PASSWORD, office).expect(200);
  });

  it('stops an address that fails too often (LOGIN_ADDRESS_MAX_FAILURES), and only that address', async () => {
    const sprayer = '192.0.2.66';
    for (let i = 0; i < 8; i++) {
      await attempt(t, `${unique('cible')}@exemple.quebec`, 'Printemps2026!', sprayer).expect(401);
    }
    const blocked = await attempt(t, await account(), PASSWORD, sprayer).expect(429);
    expectEnvelope(blocked, 'RATE_LIMITED');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    await attempt(t, await account(), PASSWORD, '192.0.2.67').expect(200);
  });

  it('with TRUST_PROXY=false, X-Forwarded-For is ignored: rotating it does not escape the address ceiling', async () => {
    const direct = await startTestApp({
      databaseUrl: t.config.DATABASE_URL,
      redis: false,
      env: { ...THROTTLE, TRUST_PROXY: 'false' },
    });
    try {
      await t.dataSource.query(`DELETE FROM login_throttle WHERE key LIKE 'address:%'`);
      const statuses: number[] = [];
      for (let i = 0; i < 9; i++) {
        const res = await attempt(direct, `${unique('cible')}@exemple.quebec`, 'x', `10.9.${i}.1`);
        statuses.push(res.status);
      }
      expect(statuses).toEqual([...Array(8).fill(401), 429]);
    } finally {
      await direct.close();
      await t.dataSource.query(`DELETE FROM login_throttle WHERE key LIKE 'address:%'`);
    }
  });
});
