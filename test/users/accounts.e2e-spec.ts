import { accountMail, tokenInMail } from '../support/accounts';
import {
  buyerOfNewPublicBody,
  createAccount,
  createProposal,
  createVendorOrganization,
  dbTimeIn,
  expectEnvelope,
  login,
  loginAsAdmin,
  OpportunityBody,
  PASSWORD,
  proposalBody,
  publishOpportunity,
  Session,
  unique,
} from '../support/scenario';
import { SmtpSink } from '../support/smtp-sink';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Issue 14, accounts (docs/accounts.md): e-mail verification, the same answer for a taken
 * address, password change and reset revoking sessions and not replayable, deactivation
 * stopping the next request. E-mails through a real SMTP server on loopback.
 */
describe('Accounts: verification, passwords, deactivation (PostgreSQL + Redis, SMTP)', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let admin: Session;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await startTestApp({
      label: 'accounts',
      env: { SMTP_URL: sink.url, MIN_TENDER_PERIOD_DAYS: '0', QUESTIONS_CLOSE_HOURS: '0' },
    });
    admin = await loginAsAdmin(t);
  });

  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  const register = (email: string, password = PASSWORD, name = 'Marie Tremblay') =>
    t.http().post('/api/v1/auth/register').send({ email, password, name });
  const me = (token: string) => t.http().get('/api/v1/me').set('Authorization', `Bearer ${token}`);
  const count = async (sql: string, params: unknown[]) =>
    ((await t.dataSource.query(sql, params)) as { n: number }[])[0].n;

  describe('registration', () => {
    it('answers a taken address exactly as a new one, creates nothing, and tells the holder', async () => {
      const email = `${unique('prise')}@exemple.quebec`;
      const first = await register(email).expect(201);
      const accounts = await count(`SELECT count(*)::int AS n FROM app_user`, []);
      const again = await register(email.toUpperCase(), 'Un-autre-mot-de-passe-42');

      expect(again.status).toBe(first.status);
      const shape = (body: Record<string, unknown>) => ({ ...body, id: typeof body.id });
      expect(shape(again.body)).toEqual(shape(first.body));
      expect(again.body.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(Object.keys(again.headers).sort()).toEqual(Object.keys(first.headers).sort());
      expect(await count(`SELECT count(*)::int AS n FROM app_user`, [])).toBe(accounts);
      expect(await count(`SELECT count(*)::int AS n FROM app_user WHERE id = $1`, [again.body.id])).toBe(0);

      const verification = await accountMail(sink, email, /Confirmez votre adresse/);
      expect(verification.text).toMatch(/#token=/);
      const notice = await accountMail(sink, email, /Tentative d’inscription/);
      expect(notice.text).toMatch(/Aucun compte n’a été créé/);
      expect(notice.text).not.toMatch(/#token=/);
      // The first password still works; the intruder's does not.
      await login(t, email, PASSWORD);
      await t.http().post('/api/v1/auth/login').send({ email, password: 'Un-autre-mot-de-passe-42' }).expect(401);
    });

    it('two registrations of one new address at once: one account, the same answer', async () => {
      const email = `${unique('course')}@exemple.quebec`;
      const [a, b] = await Promise.all([register(email), register(email)]);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(await count(`SELECT count(*)::int AS n FROM app_user WHERE email = $1`, [email])).toBe(1);
    });
  });

  describe('e-mail verification', () => {
    let buyer: Session & { publicBodyId: string };
    let opp: OpportunityBody;

    beforeAll(async () => {
      buyer = await buyerOfNewPublicBody(t, admin);
      opp = await publishOpportunity(t, { admin, buyer }, { proposalDeadline: await dbTimeIn(t, '30 days') });
    });

    it('an unverified vendor cannot submit (403 EMAIL_NOT_VERIFIED); after the link it can, and the link works once', async () => {
      const email = `${unique('nonverifie')}@exemple.quebec`;
      await register(email).expect(201);
      const vendor = await login(t, email, PASSWORD);
      expect((await me(vendor.token).expect(200)).body.emailVerified).toBe(false);
      const org = await createVendorOrganization(t, vendor);
      const draft = await createProposal(t, vendor, opp.id, proposalBody(opp, org.id));
      const refused = await t.http().post(`/api/v1/proposals/${draft.id}/submit`).set(vendor.auth).expect(403);
      expectEnvelope(refused, 'EMAIL_NOT_VERIFIED');
      expect((await t.http().get(`/api/v1/proposals/${draft.id}`).set(vendor.auth).expect(200)).body.status).toBe(
        'DRAFT',
      );

      const token = tokenInMail(await accountMail(sink, email, /Confirmez votre adresse/));
      await t.http().post('/api/v1/auth/verify-email').send({ token }).expect(200, { verified: true });
      expectEnvelope(await t.http().post('/api/v1/auth/verify-email').send({ token }).expect(422), 'INVALID_TOKEN');
      expect((await me(vendor.token).expect(200)).body.emailVerified).toBe(true);
      await t.http().post(`/api/v1/proposals/${draft.id}/submit`).set(vendor.auth).expect(200);
      expectEnvelope(
        await t.http().post('/api/v1/me/email-verification').set(vendor.auth).expect(409),
        'ALREADY_VERIFIED',
      );
    });

    it('an admin may confirm an address (nobody else); the vendor may then submit', async () => {
      const email = `${unique('support')}@exemple.quebec`;
      const registered = await register(email).expect(201);
      const vendor = await login(t, email, PASSWORD);
      expectEnvelope(
        await t.http().post(`/api/v1/users/${registered.body.id}/verify-email`).set(vendor.auth).expect(403),
        'FORBIDDEN',
      );
      await t
        .http()
        .post(`/api/v1/users/${registered.body.id}/verify-email`)
        .set(admin.auth)
        .expect(200, { verified: true });
      expect((await me(vendor.token).expect(200)).body.emailVerified).toBe(true);
    });

    it('a resent link replaces the first; a forged or expired one is refused alike', async () => {
      const email = `${unique('renvoi')}@exemple.quebec`;
      await register(email).expect(201);
      const vendor = await login(t, email, PASSWORD);
      const first = tokenInMail(await accountMail(sink, email, /Confirmez votre adresse/));
      await t.http().post('/api/v1/me/email-verification').set(vendor.auth).expect(202, { sent: true });
      const second = await sink.waitForMail((m) => m.to.includes(email) && tokenInMail(m) !== first);
      expectEnvelope(
        await t.http().post('/api/v1/auth/verify-email').send({ token: first }).expect(422),
        'INVALID_TOKEN',
      );
      const forged = `${tokenInMail(second).split('.')[0]}.${'x'.repeat(43)}`;
      expectEnvelope(
        await t.http().post('/api/v1/auth/verify-email').send({ token: forged }).expect(422),
        'INVALID_TOKEN',
      );
      await t.dataSource.query(`UPDATE account_token SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [
        vendor.userId,
      ]);
      expectEnvelope(
        await t
          .http()
          .post('/api/v1/auth/verify-email')
          .send({ token: tokenInMail(second) })
          .expect(422),
        'INVALID_TOKEN',
      );
    });

    it('stores no secret: only the SHA-256 of the link’s secret is in the database', async () => {
      const email = `${unique('hache')}@exemple.quebec`;
      await register(email).expect(201);
      const secret = tokenInMail(await accountMail(sink, email, /Confirmez votre adresse/)).split('.')[1];
      const dump = JSON.stringify(
        await t.dataSource.query(
          `SELECT (SELECT json_agg(a) FROM account_token a) AS tokens, (SELECT json_agg(o) FROM job_outbox o) AS jobs,
                  (SELECT json_agg(n) FROM notification n) AS notifications`,
        ),
      );
      expect(dump).not.toContain(secret);
    });
  });

  describe('password change', () => {
    it('checks the current password, keeps this session and ends the others', async () => {
      const email = `${unique('change')}@exemple.quebec`;
      await register(email).expect(201);
      const here = await login(t, email, PASSWORD);
      const elsewhere = await login(t, email, PASSWORD);
      const next = 'Nouveau-mot-de-passe-2026';

      const wrong = await t
        .http()
        .put('/api/v1/me/password')
        .set(here.auth)
        .send({ currentPassword: 'pas-le-bon-mot', newPassword: next })
        .expect(400);
      expect(wrong.body.error.details.fields).toEqual([{ path: 'currentPassword', message: expect.any(String) }]);

      await t
        .http()
        .put('/api/v1/me/password')
        .set(here.auth)
        .send({ currentPassword: PASSWORD, newPassword: next })
        .expect(204);
      await me(here.token).expect(200);
      expectEnvelope(await me(elsewhere.token).expect(401), 'UNAUTHENTICATED');
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: elsewhere.refreshToken }).expect(401);
      await t.http().post('/api/v1/auth/login').send({ email, password: PASSWORD }).expect(401);
      await login(t, email, next);
    });
  });

  describe('password reset', () => {
    const requestReset = (email: string) => t.http().post('/api/v1/auth/password-reset').send({ email });

    it('answers the same for an unknown address and an account; only the account gets a link', async () => {
      const email = `${unique('oubli')}@exemple.quebec`;
      await register(email).expect(201);
      const unknown = await requestReset(`${unique('personne')}@exemple.quebec`).expect(202);
      const known = await requestReset(email).expect(202);
      expect(known.body).toEqual(unknown.body);
      await accountMail(sink, email, /Réinitialisation/);
    });

    it('sets the new password, ends every session, and cannot be replayed', async () => {
      const email = `${unique('reinit')}@exemple.quebec`;
      await register(email).expect(201);
      const session = await login(t, email, PASSWORD);
      await requestReset(email).expect(202);
      const token = tokenInMail(await accountMail(sink, email, /Réinitialisation/));
      const next = 'Mot-de-passe-retrouve-2026';

      await t.http().post('/api/v1/auth/password-reset/confirm').send({ token, password: next }).expect(204);
      expectEnvelope(await me(session.token).expect(401), 'UNAUTHENTICATED');
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
      await login(t, email, next);

      const replay = await t
        .http()
        .post('/api/v1/auth/password-reset/confirm')
        .send({ token, password: 'Encore-un-autre-2026' })
        .expect(422);
      expectEnvelope(replay, 'INVALID_TOKEN');
      await login(t, email, next);
      // Reading the link proves the address: the account counts as verified.
      expect((await me((await login(t, email, next)).token).expect(200)).body.emailVerified).toBe(true);
    });

    it('a link expires, and a newer request makes the older link useless', async () => {
      const email = `${unique('expire')}@exemple.quebec`;
      await register(email).expect(201);
      await requestReset(email).expect(202);
      const older = tokenInMail(await accountMail(sink, email, /Réinitialisation/));
      await requestReset(email).expect(202);
      const newer = tokenInMail(
        await sink.waitForMail(
          (m) => m.to.includes(email) && /Réinitialisation/.test(m.subject) && tokenInMail(m) !== older,
        ),
      );
      const confirm = (token: string) =>
        t.http().post('/api/v1/auth/password-reset/confirm').send({ token, password: 'Mot-de-passe-perime-2026' });
      expectEnvelope(await confirm(older).expect(422), 'INVALID_TOKEN');
      await t.dataSource.query(`UPDATE account_token SET expires_at = now() - interval '1 second' WHERE id = $1`, [
        newer.split('.')[0],
      ]);
      expectEnvelope(await confirm(newer).expect(422), 'INVALID_TOKEN');
      await login(t, email, PASSWORD);
    });
  });

  describe('deactivation', () => {
    it('stops the next request at once, access token included; reactivation lets the account sign in again', async () => {
      const buyerBody = await buyerOfNewPublicBody(t, admin);
      const other = await login(t, buyerBody.email, PASSWORD);
      await me(buyerBody.token).expect(200);

      await t.http().post(`/api/v1/users/${buyerBody.userId}/deactivate`).set(admin.auth).expect(200, {
        id: buyerBody.userId,
        active: false,
      });
      expectEnvelope(await me(buyerBody.token).expect(401), 'UNAUTHENTICATED');
      expectEnvelope(await me(other.token).expect(401), 'UNAUTHENTICATED');
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: other.refreshToken }).expect(401);
      await t.http().post('/api/v1/auth/login').send({ email: buyerBody.email, password: PASSWORD }).expect(401);
      const revoked = await count(
        `SELECT count(*)::int AS n FROM refresh_token WHERE user_id = $1 AND revoked_at IS NULL`,
        [buyerBody.userId],
      );
      expect(revoked).toBe(0);

      await t.http().post(`/api/v1/users/${buyerBody.userId}/reactivate`).set(admin.auth).expect(200);
      // Sessions revoked stay revoked; a new log-in works.
      expectEnvelope(await me(buyerBody.token).expect(401), 'UNAUTHENTICATED');
      await me((await login(t, buyerBody.email, PASSWORD)).token).expect(200);
    });

    it('is for admins only, never of oneself; an unknown id is 404', async () => {
      const buyer = await buyerOfNewPublicBody(t, admin);
      expectEnvelope(
        await t.http().post(`/api/v1/users/${admin.userId}/deactivate`).set(buyer.auth).expect(403),
        'FORBIDDEN',
      );
      expectEnvelope(
        await t.http().post(`/api/v1/users/${admin.userId}/deactivate`).set(admin.auth).expect(409),
        'CANNOT_DEACTIVATE_SELF',
      );
      expectEnvelope(
        await t
          .http()
          .post(`/api/v1/users/00000000-0000-4000-8000-000000000000/deactivate`)
          .set(admin.auth)
          .expect(404),
        'NOT_FOUND',
      );
      await me(admin.token).expect(200);
    });
  });

  describe('finding accounts', () => {
    it('admins list and search by role, public body and e-mail', async () => {
      const buyer = await buyerOfNewPublicBody(t, admin);
      await createAccount(t, admin, 'auditor');
      const byBody = await t.http().get(`/api/v1/users?publicBodyId=${buyer.publicBodyId}`).set(admin.auth).expect(200);
      expect(byBody.body).toMatchObject({
        total: 1,
        page: 1,
        items: [{ id: buyer.userId, role: 'buyer', active: true }],
      });
      const auditors = await t.http().get('/api/v1/users?role=auditor&pageSize=100').set(admin.auth).expect(200);
      expect(auditors.body.items.length).toBeGreaterThan(0);
      expect(auditors.body.items.every((u: { role: string }) => u.role === 'auditor')).toBe(true);
      const local = buyer.email.split('@')[0];
      const byEmail = await t
        .http()
        .get(`/api/v1/users?email=${encodeURIComponent(local.toUpperCase())}`)
        .set(admin.auth)
        .expect(200);
      expect(byEmail.body.items.map((u: { id: string }) => u.id)).toEqual([buyer.userId]);
      // `%` matches itself, not everything.
      expect((await t.http().get('/api/v1/users?email=%25').set(admin.auth).expect(200)).body.total).toBe(0);
      expectEnvelope(await t.http().get('/api/v1/users').set(buyer.auth).expect(403), 'FORBIDDEN');
      expectEnvelope(await t.http().get('/api/v1/users?role=chef').set(admin.auth).expect(400), 'VALIDATION_FAILED');
    });

    it('a buyer finds the people they may appoint: name, body and role, nothing more', async () => {
      const buyer = await buyerOfNewPublicBody(t, admin);
      const external = await createAccount(t, admin, 'evaluator');
      await t.dataSource.query(`UPDATE app_user SET name = $2 WHERE id = $1`, [external.userId, 'Karim Évaluateur']);
      const found = await t.http().get('/api/v1/evaluators?q=karim').set(buyer.auth).expect(200);
      expect(found.body.items).toEqual([
        { id: external.userId, name: 'Karim Évaluateur', role: 'evaluator', publicBody: null },
      ]);
      const all = await t.http().get('/api/v1/evaluators?pageSize=100').set(buyer.auth).expect(200);
      const mine = all.body.items.find((c: { id: string }) => c.id === buyer.userId);
      expect(Object.keys(mine).sort()).toEqual(['id', 'name', 'publicBody', 'role']);
      expect(mine.publicBody).toMatchObject({ id: buyer.publicBodyId });
      expect(all.body.items.every((c: { role: string }) => c.role === 'buyer' || c.role === 'evaluator')).toBe(true);
      expect(JSON.stringify(all.body)).not.toContain('@');
      const vendor = await login(t, (await registerVendorAccount(t)).email, PASSWORD);
      expectEnvelope(await t.http().get('/api/v1/evaluators').set(vendor.auth).expect(403), 'FORBIDDEN');
    });
  });

  async function registerVendorAccount(app: TestApp) {
    const email = `${unique('fournisseur')}@exemple.quebec`;
    await app.http().post('/api/v1/auth/register').send({ email, password: PASSWORD, name: 'Fournisseur' }).expect(201);
    return { email };
  }
});
