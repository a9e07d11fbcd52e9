import { JwtService } from '@nestjs/jwt';
import {
  createAccount,
  expectEnvelope,
  login,
  loginAsAdmin,
  PASSWORD,
  registerVendor,
  unique,
} from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';

/** Issue 13 (Low 11, Low 12): sessions end at once, tokens must expire, look-alike e-mails are one address. */
describe('Sessions, tokens and look-alike e-mail addresses', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ label: 'sessions', redis: false });
  });

  afterAll(async () => {
    await t?.close();
  });

  const me = (token: string) => t.http().get('/api/v1/me').set('Authorization', `Bearer ${token}`);

  it('an access token stops working at log-out, not 15 minutes later; other sessions go on', async () => {
    const vendor = await registerVendor(t);
    const other = await login(t, vendor.email, PASSWORD);
    await me(vendor.token).expect(200);
    await t.http().post('/api/v1/auth/logout').set(vendor.auth).send({ refreshToken: vendor.refreshToken }).expect(204);
    expectEnvelope(await me(vendor.token).expect(401), 'UNAUTHENTICATED');
    await me(other.token).expect(200);
  });

  it('an access token stops working when its session is revoked by refresh-token reuse', async () => {
    const vendor = await registerVendor(t);
    const rotated = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: vendor.refreshToken }).expect(200);
    await me(rotated.body.accessToken).expect(200);
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: vendor.refreshToken }).expect(401); // theft
    expectEnvelope(await me(rotated.body.accessToken).expect(401), 'UNAUTHENTICATED');
    expectEnvelope(await me(vendor.token).expect(401), 'UNAUTHENTICATED');
  });

  it('refuses a token without an expiry, without its session, or with a malformed subject, with 401', async () => {
    const vendor = await registerVendor(t);
    const jwt = new JwtService();
    const secret = t.config.JWT_SECRET!;
    const sid = (JSON.parse(Buffer.from(vendor.token.split('.')[1], 'base64url').toString()) as { sid: string }).sid;
    const eternal = await jwt.signAsync({ sub: vendor.userId, role: 'vendor', typ: 'access', sid }, { secret });
    expectEnvelope(await me(eternal).expect(401), 'UNAUTHENTICATED');
    // Issue 13 (Low 12): a token that names no session cannot be revoked, so it is refused.
    const sessionless = await jwt.signAsync(
      { sub: vendor.userId, role: 'vendor', typ: 'access' },
      { secret, expiresIn: 60 },
    );
    expectEnvelope(await me(sessionless).expect(401), 'UNAUTHENTICATED');
    const withSession = await jwt.signAsync(
      { sub: vendor.userId, role: 'vendor', typ: 'access', sid },
      { secret, expiresIn: 60 },
    );
    await me(withSession).expect(200);
    const odd = await jwt.signAsync({ sub: "x' OR 1=1", role: 'admin', typ: 'access' }, { secret, expiresIn: 60 });
    expectEnvelope(await me(odd).expect(401), 'UNAUTHENTICATED');
  });

  it('marks every API answer Cache-Control: no-store', async () => {
    const vendor = await registerVendor(t);
    expect((await me(vendor.token).expect(200)).headers['cache-control']).toBe('no-store');
    const logged = await t.http().post('/api/v1/auth/login').send({ email: vendor.email, password: PASSWORD });
    expect(logged.headers['cache-control']).toBe('no-store');
  });

  describe('look-alike e-mail addresses', () => {
    const register = (email: string) =>
      t.http().post('/api/v1/auth/register').send({ email, password: PASSWORD, name: 'Sosie' });

    it.each([
      ['Cyrillic а and о', (local: string) => local.replace('a', '\u0430').replace('o', '\u043e')],
      ['a Greek ο', (local: string) => local.replace('o', '\u03bf')],
      ['a combining accent', (local: string) => local.replace('a', 'a\u0301')],
      [
        'full-width letters',
        (local: string) => local.toUpperCase().replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)),
      ],
    ])('a look-alike with %s registers nothing, with the answer of a new address', async (_label, disguise) => {
      const local = unique('paulo-alain');
      const first = await register(`${local}@exemple.quebec`).expect(201);
      const res = await register(`${disguise(local)}@exemple.quebec`);
      expect(res.status).toBe(201);
      expect(Object.keys(res.body).sort()).toEqual(Object.keys(first.body).sort());
      expect(res.body.id).not.toBe(first.body.id);
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM app_user WHERE email_skeleton = $1`, [
        `${local}@exemple.quebec`,
      ]);
      expect(n).toBe(1);
    });

    it('refuses a ligature look-alike on POST /users too', async () => {
      const admin = await loginAsAdmin(t);
      const local = unique('fifi');
      await register(`${local}@exemple.quebec`).expect(201);
      const res = await t
        .http()
        .post('/api/v1/users')
        .set(admin.auth)
        .send({
          email: `${local.replace('fi', '\ufb01')}@exemple.quebec`,
          name: 'Sosie',
          role: 'auditor',
          password: PASSWORD,
        });
      expect(res.status).toBe(409);
      expectEnvelope(res, 'EMAIL_TAKEN');
    });

    it('refuses an address with a zero-width character (400 on email)', async () => {
      const res = await register(`${unique('marc')}\u200b@exemple.quebec`);
      expect(res.status).toBe(400);
      expect(res.body.error.details.fields).toEqual([{ path: 'email', message: expect.stringMatching(/invisible/) }]);
    });

    it('stores the normal form (NFKC, lower case) and logs in with it', async () => {
      const local = unique('lea');
      const res = await register(`${local.toUpperCase()}\uff20EXEMPLE.QUEBEC`.replace('\uff20', '@')).expect(201);
      expect(res.body.email).toBe(`${local}@exemple.quebec`);
      await login(t, `${local}@exemple.quebec`, PASSWORD);
    });

    it('still lets an admin create accounts with different addresses', async () => {
      const admin = await loginAsAdmin(t);
      await createAccount(t, admin, 'auditor');
      await createAccount(t, admin, 'auditor');
    });
  });
});

describe('/api/docs in production', () => {
  it('is off by default, and on with OPENAPI_ENABLED=true', async () => {
    const env = { NODE_ENV: 'production', JWT_SECRET: 'q8Vw3ZkP1xTn7LmR4sYb9HcJ2fGd6AeU0oKi5NtW' };
    const off = await startTestApp({ label: 'docsoff', redis: false, env });
    try {
      expectEnvelope(await off.http().get('/api/docs/openapi.json').expect(404), 'NOT_FOUND');
    } finally {
      await off.close();
    }
    const on = await startTestApp({ label: 'docson', redis: false, env: { ...env, OPENAPI_ENABLED: 'true' } });
    try {
      await on.http().get('/api/docs/openapi.json').expect(200);
    } finally {
      await on.close();
    }
  });
});
