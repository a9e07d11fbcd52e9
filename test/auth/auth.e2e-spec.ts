import { startTestApp, TestApp } from '../support/test-app';
import { expectEnvelope, login, loginAsAdmin, PASSWORD, registerVendor, unique } from '../support/scenario';
import { ARGON2 } from '../../src/users/password-hasher';

describe('Accounts and authentication (PostgreSQL + Redis)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ label: 'auth' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('register → login → /me → refresh; the old refresh token is refused afterwards', async () => {
    const email = `${unique('marie')}@exemple.quebec`;
    const registered = await t
      .http()
      .post('/api/v1/auth/register')
      .send({ email: email.toUpperCase(), password: PASSWORD, name: 'Marie Tremblay', preferredLanguage: 'en' })
      .expect(201);
    expect(registered.body).toMatchObject({ email, name: 'Marie Tremblay', role: 'vendor' });
    expect(registered.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(registered.body).not.toHaveProperty('passwordHash');

    const loginRes = await t.http().post('/api/v1/auth/login').send({ email, password: PASSWORD }).expect(200);
    expect(loginRes.body).toMatchObject({
      expiresIn: 900,
      user: { id: registered.body.id, email, name: 'Marie Tremblay', role: 'vendor' },
    });
    const { accessToken, refreshToken } = loginRes.body;

    const me = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${accessToken}`).expect(200);
    expect(me.body).toMatchObject({
      id: registered.body.id,
      email,
      role: 'vendor',
      vendorOrganizations: [],
      preferredLanguage: 'en',
    });

    const refreshed = await t.http().post('/api/v1/auth/refresh').send({ refreshToken }).expect(200);
    expect(refreshed.body.refreshToken).not.toBe(refreshToken);
    await t.http().get('/api/v1/me').set('Authorization', `Bearer ${refreshed.body.accessToken}`).expect(200);

    const reused = await t.http().post('/api/v1/auth/refresh').send({ refreshToken }).expect(401);
    expectEnvelope(reused, 'UNAUTHENTICATED');
    // Reuse of an old token revokes the whole session: the newest token dies too.
    const afterTheft = await t
      .http()
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: refreshed.body.refreshToken })
      .expect(401);
    expectEnvelope(afterTheft, 'UNAUTHENTICATED');
  });

  it('refuses a wrong password, an unknown account and a missing or forged token with 401', async () => {
    const vendor = await registerVendor(t);
    expectEnvelope(
      await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: vendor.email, password: 'pas-le-bon-mot-de-passe' })
        .expect(401),
      'UNAUTHENTICATED',
    );
    expectEnvelope(
      await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: 'personne@exemple.quebec', password: PASSWORD })
        .expect(401),
      'UNAUTHENTICATED',
    );
    expectEnvelope(await t.http().get('/api/v1/me').expect(401), 'UNAUTHENTICATED');
    expectEnvelope(
      await t.http().get('/api/v1/me').set('Authorization', `Bearer ${vendor.token}x`).expect(401),
      'UNAUTHENTICATED',
    );
    expectEnvelope(
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: 'pas-un-jeton' }).expect(401),
      'UNAUTHENTICATED',
    );
  });

  it('a log-in for an unknown address still verifies a password hash (a dummy one), as for a real account', async () => {
    const verify = jest.spyOn(ARGON2, 'verify');
    try {
      const res = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: `${unique('personne')}@exemple.quebec`, password: PASSWORD })
        .expect(401);
      expectEnvelope(res, 'UNAUTHENTICATED');
      expect(verify).toHaveBeenCalledTimes(1);
      expect(verify.mock.calls[0][0]).toMatch(/^\$argon2id\$/);
    } finally {
      verify.mockRestore();
    }
  });

  it('a log-in without a password answers one message for it: « champ obligatoire » (issue 14)', async () => {
    const res = await t.http().post('/api/v1/auth/login').send({ email: 'marie@exemple.quebec' }).expect(400);
    expectEnvelope(res, 'VALIDATION_FAILED');
    expect(res.body.error.details.fields).toEqual([{ path: 'password', message: 'champ obligatoire' }]);
  });

  it('logout ends the session: its refresh token no longer works', async () => {
    const vendor = await registerVendor(t);
    await t.http().post('/api/v1/auth/logout').set(vendor.auth).send({ refreshToken: vendor.refreshToken }).expect(204);
    expectEnvelope(
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: vendor.refreshToken }).expect(401),
      'UNAUTHENTICATED',
    );
  });

  it('answers invalid bodies with 400 VALIDATION_FAILED and the field paths, and refuses unknown fields', async () => {
    const res = await t
      .http()
      .post('/api/v1/auth/register')
      .send({ email: 'pas-un-courriel', password: 'court', name: '', isAdmin: true })
      .expect(400);
    expectEnvelope(res, 'VALIDATION_FAILED');
    const paths = res.body.error.details.fields.map((f: { path: string }) => f.path).sort();
    expect(paths).toEqual(['email', 'isAdmin', 'name', 'password']);
    for (const field of res.body.error.details.fields) expect(field.message).toEqual(expect.any(String));

    const malformed = await t
      .http()
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email": ')
      .expect(400);
    expectEnvelope(malformed, 'VALIDATION_FAILED');
  });

  it('a second registration of an e-mail, whatever its case, creates nothing (same answer: test/users)', async () => {
    const email = `${unique('double')}@exemple.quebec`;
    await t.http().post('/api/v1/auth/register').send({ email, password: PASSWORD, name: 'Un' }).expect(201);
    await t
      .http()
      .post('/api/v1/auth/register')
      .send({ email: email.toUpperCase(), password: 'Un-autre-mot-de-passe-42', name: 'Deux' })
      .expect(201);
    const rows = await t.dataSource.query(`SELECT name FROM app_user WHERE email = $1`, [email]);
    expect(rows).toEqual([{ name: 'Un' }]);
    await login(t, email, PASSWORD);
  });

  it('lets only admins create buyer, auditor, admin and evaluator accounts', async () => {
    const admin = await loginAsAdmin(t);
    const vendor = await registerVendor(t);
    const body = { email: `${unique('auditrice')}@gouv.qc.ca`, name: 'Auditrice', role: 'auditor', password: PASSWORD };

    expectEnvelope(await t.http().post('/api/v1/users').set(vendor.auth).send(body).expect(403), 'FORBIDDEN');
    const created = await t.http().post('/api/v1/users').set(admin.auth).send(body).expect(201);
    expect(created.body).toMatchObject({ email: body.email, role: 'auditor', publicBodyId: null });
    const auditor = await login(t, body.email, PASSWORD);
    const me = await t.http().get('/api/v1/me').set(auditor.auth).expect(200);
    expect(me.body.role).toBe('auditor');

    const asVendor = await t
      .http()
      .post('/api/v1/users')
      .set(admin.auth)
      .send({ ...body, email: `${unique('x')}@gouv.qc.ca`, role: 'vendor' })
      .expect(400);
    expect(asVendor.body.error.details.fields[0].path).toBe('role');
    const buyerWithoutBody = await t
      .http()
      .post('/api/v1/users')
      .set(admin.auth)
      .send({ ...body, email: `${unique('x')}@gouv.qc.ca`, role: 'buyer' })
      .expect(400);
    expect(buyerWithoutBody.body.error.details.fields).toEqual([{ path: 'publicBodyId', message: expect.any(String) }]);
  });

  it('gives every response an X-Request-Id, and echoes a well-formed one sent by the caller', async () => {
    const ok = await t.http().get('/health/live').expect(200);
    expect(ok.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await t.http().get('/api/v1/inconnu').set('X-Request-Id', 'trace-abc-12345').expect(404);
    expectEnvelope(echoed, 'NOT_FOUND');
    expect(echoed.body.requestId).toBe('trace-abc-12345');
    // Other paths are the web application's (history fallback); unknown API paths keep the envelope.
    expectEnvelope(await t.http().get('/api/nulle-part').expect(404), 'NOT_FOUND');
    expectEnvelope(await t.http().get('/health/nulle-part').expect(404), 'NOT_FOUND');
  });
});
