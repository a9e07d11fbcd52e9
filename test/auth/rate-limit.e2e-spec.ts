import { startTestApp, TestApp } from '../support/test-app';
import { expectEnvelope, PASSWORD } from '../support/scenario';

describe('Rate limiting of the authentication routes', () => {
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    first = await startTestApp({ label: 'ratelimit', env: { AUTH_RATE_LIMIT: '4', AUTH_RATE_WINDOW_SECONDS: '60' } });
    // A second API replica on the same database and Redis (same key prefix).
    second = await startTestApp({
      databaseUrl: first.config.DATABASE_URL,
      env: { AUTH_RATE_LIMIT: '4', AUTH_RATE_WINDOW_SECONDS: '60', BULLMQ_PREFIX: first.config.BULLMQ_PREFIX },
    });
  });

  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('answers 429 RATE_LIMITED once the limit is spent, counting requests across replicas', async () => {
    const attempt = (t: TestApp) =>
      t.http().post('/api/v1/auth/login').send({ email: 'intrus@exemple.quebec', password: PASSWORD });
    const statuses = [];
    for (const t of [first, second, first, second]) statuses.push((await attempt(t)).status);
    expect(statuses).toEqual([401, 401, 401, 401]);

    const limited = await attempt(second).expect(429);
    expectEnvelope(limited, 'RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expectEnvelope(await attempt(first).expect(429), 'RATE_LIMITED');
  });

  it('does not limit ordinary authenticated routes', async () => {
    for (let i = 0; i < 8; i++) await first.http().get('/health/live').expect(200);
    await first
      .http()
      .get('/api/v1/public-bodies')
      .expect((res) => expect(res.status).not.toBe(429));
  });
});
