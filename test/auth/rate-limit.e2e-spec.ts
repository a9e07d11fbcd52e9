import { randomUUID } from 'node:crypto';
import { startTestApp, TestApp } from '../support/test-app';
import { expectEnvelope, PASSWORD, seedVendor, unique } from '../support/scenario';

const LIMITS = {
  AUTH_RATE_LIMIT: '4',
  AUTH_RATE_WINDOW_SECONDS: '60',
  API_RATE_LIMIT: '6',
  API_RATE_WINDOW_SECONDS: '60',
};

describe('Request-rate ceilings (Redis, shared by replicas)', () => {
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    first = await startTestApp({ label: 'ratelimit', env: LIMITS });
    // A second API replica on the same database and Redis (same key prefix).
    second = await startTestApp({
      databaseUrl: first.config.DATABASE_URL,
      env: { ...LIMITS, BULLMQ_PREFIX: first.config.BULLMQ_PREFIX },
    });
  });

  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('answers 429 RATE_LIMITED on /auth/register once the per-address limit is spent, across replicas', async () => {
    const attempt = (t: TestApp) =>
      t
        .http()
        .post('/api/v1/auth/register')
        .set('X-Forwarded-For', '198.51.100.4')
        .send({ email: `${unique('inscrit')}@exemple.quebec`, password: PASSWORD, name: 'Inscrit' });
    const statuses = [];
    for (const t of [first, second, first, second]) statuses.push((await attempt(t)).status);
    expect(statuses).toEqual([201, 201, 201, 201]);

    const limited = await attempt(second).expect(429);
    expectEnvelope(limited, 'RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expectEnvelope(await attempt(first).expect(429), 'RATE_LIMITED');
  });

  it('limits every other route per account (authenticated) and per address (anonymous), across replicas', async () => {
    const alice = await seedVendor(first);
    const bob = await seedVendor(first);
    const me = (t: TestApp, auth: Record<string, string>) =>
      t.http().get('/api/v1/me').set('X-Forwarded-For', '203.0.113.9').set(auth);
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await me(i % 2 ? second : first, alice.auth)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    const limited = await me(first, alice.auth).expect(429);
    expectEnvelope(limited, 'RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another account behind the same address is not affected.
    await me(second, bob.auth).expect(200);

    const anonymous = (t: TestApp) => t.http().get('/api/v1/public-bodies').set('X-Forwarded-For', '203.0.113.10');
    for (let i = 0; i < 6; i++) await anonymous(i % 2 ? second : first).expect(200);
    expectEnvelope(await anonymous(first).expect(429), 'RATE_LIMITED');
  });

  it('never limits the health probes', async () => {
    for (let i = 0; i < 10; i++) await first.http().get('/health/live').expect(200);
  });

  it('counts a submission once, before its transaction opens, against its account; a forged token spends nobody’s ceiling', async () => {
    const carol = await seedVendor(first);
    const dave = await seedVendor(first);
    // An unknown proposal: 404 after authentication, the rate counted before the early transaction.
    const submit = (auth: Record<string, string>) =>
      first.http().post(`/api/v1/proposals/${randomUUID()}/submit`).set('X-Forwarded-For', '203.0.113.20').set(auth);
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await submit(carol.auth)).status);
    expect(statuses).toEqual([404, 404, 404, 404, 404, 404]); // once each, not twice
    expectEnvelope(await submit(carol.auth).expect(429), 'RATE_LIMITED');
    // A token naming dave but not signed with the key counts against the address, not dave.
    const [head, payload] = dave.auth.Authorization.slice(7).split('.');
    for (let i = 0; i < 6; i++) await submit({ Authorization: `Bearer ${head}.${payload}.forged` }).expect(401);
    await submit(dave.auth).expect(404);
    // No connection was left open by the refused requests: the pool still serves.
    await first.http().get('/api/v1/me').set(dave.auth).expect(200);
  });
});
