import { startTestApp, TestApp } from '../support/test-app';
import {
  auditEventsFor,
  createAccount,
  expectEnvelope,
  loginAsAdmin,
  registerVendor,
  Session,
  unique,
} from '../support/scenario';

describe('Public bodies (PostgreSQL + Redis)', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await startTestApp({ label: 'pubbodies' });
    admin = await loginAsAdmin(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  const body = (acronym: string, overrides: Record<string, unknown> = {}) => ({
    name: { fr: `Ministère ${acronym}`, en: `Ministry ${acronym}` },
    acronym,
    forgeGroupPath: `gouv/${acronym.toLowerCase()}`,
    ...overrides,
  });

  it('lets an admin create a public body, with an audit event', async () => {
    const res = await t.http().post('/api/v1/public-bodies').set(admin.auth).send(body('MCN')).expect(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: { fr: 'Ministère MCN', en: 'Ministry MCN' },
      acronym: 'MCN',
      forgeGroupPath: 'gouv/mcn',
    });

    const noEnglish = await t
      .http()
      .post('/api/v1/public-bodies')
      .set(admin.auth)
      .send({ name: { fr: '  Secrétariat du Conseil du trésor ' }, acronym: ' SCT ', forgeGroupPath: 'sct/echanges' })
      .expect(201);
    expect(noEnglish.body).toMatchObject({
      name: { fr: 'Secrétariat du Conseil du trésor', en: null },
      acronym: 'SCT',
    });

    const events = await auditEventsFor(t, admin, res.body.id);
    expect(events).toEqual([
      expect.objectContaining({
        action: 'public-bodies.create',
        entityType: 'public_body',
        actorId: admin.userId,
        actorRole: 'admin',
        data: { name: { fr: 'Ministère MCN', en: 'Ministry MCN' }, acronym: 'MCN', forgeGroupPath: 'gouv/mcn' },
      }),
    ]);
  });

  it('refuses the creation to a vendor (403) and to an anonymous caller (401)', async () => {
    const vendor = await registerVendor(t);
    expectEnvelope(
      await t
        .http()
        .post('/api/v1/public-bodies')
        .set(vendor.auth)
        .send(body(unique('V').slice(0, 20)))
        .expect(403),
      'FORBIDDEN',
    );
    expectEnvelope(
      await t
        .http()
        .post('/api/v1/public-bodies')
        .send(body(unique('A').slice(0, 20)))
        .expect(401),
      'UNAUTHENTICATED',
    );
    const buyerBody = await t.http().post('/api/v1/public-bodies').set(admin.auth).send(body('MSSS')).expect(201);
    const buyer = await createAccount(t, admin, 'buyer', buyerBody.body.id);
    expectEnvelope(
      await t
        .http()
        .post('/api/v1/public-bodies')
        .set(buyer.auth)
        .send(body(unique('B').slice(0, 20)))
        .expect(403),
      'FORBIDDEN',
    );
  });

  it('refuses a duplicate acronym, whatever its case, with 409 DUPLICATE_ACRONYM', async () => {
    await t.http().post('/api/v1/public-bodies').set(admin.auth).send(body('RAMQ')).expect(201);
    expectEnvelope(
      await t.http().post('/api/v1/public-bodies').set(admin.auth).send(body('RAMQ')).expect(409),
      'DUPLICATE_ACRONYM',
    );
    const lower = await t
      .http()
      .post('/api/v1/public-bodies')
      .set(admin.auth)
      .send(body('ramq', { forgeGroupPath: 'autre/ramq' }))
      .expect(409);
    expectEnvelope(lower, 'DUPLICATE_ACRONYM');
  });

  it('gives exactly one 201 when the same acronym is created concurrently', async () => {
    const acronym = unique('CC').slice(0, 20);
    const results = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        t
          .http()
          .post('/api/v1/public-bodies')
          .set(admin.auth)
          .send(body(i % 2 ? acronym : acronym.toLowerCase())),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    for (const r of results.filter((r) => r.status === 409)) expectEnvelope(r, 'DUPLICATE_ACRONYM');
  });

  it('validates the body: French name, acronym, GitLab group path', async () => {
    const res = await t
      .http()
      .post('/api/v1/public-bodies')
      .set(admin.auth)
      .send({ name: { en: 'Only English' }, acronym: '', forgeGroupPath: 'Gouv/MCN Échanges' })
      .expect(400);
    expectEnvelope(res, 'VALIDATION_FAILED');
    const paths = res.body.error.details.fields.map((f: { path: string }) => f.path);
    expect([...new Set(paths)].sort()).toEqual(['acronym', 'forgeGroupPath', 'name.fr']);

    for (const forgeGroupPath of ['mcn//echanges', '/mcn', 'mcn/', '.mcn', 'mcn/projet.git', 'MCN']) {
      const bad = await t
        .http()
        .post('/api/v1/public-bodies')
        .set(admin.auth)
        .send(body(unique('P').slice(0, 20), { forgeGroupPath }))
        .expect(400);
      expect(bad.body.error.details.fields).toEqual([{ path: 'forgeGroupPath', message: expect.any(String) }]);
    }
    const missingName = await t
      .http()
      .post('/api/v1/public-bodies')
      .set(admin.auth)
      .send({ acronym: 'X', forgeGroupPath: 'x' })
      .expect(400);
    expect(missingName.body.error.details.fields.map((f: { path: string }) => f.path)).toContain('name');
  });

  it('lists public bodies publicly, sorted by acronym and paginated', async () => {
    for (const acronym of ['ZZB', 'ZZA', 'ZZC'])
      await t.http().post('/api/v1/public-bodies').set(admin.auth).send(body(acronym)).expect(201);

    const all = await t.http().get('/api/v1/public-bodies').query({ pageSize: 100 }).expect(200);
    const acronyms = all.body.items.map((b: { acronym: string }) => b.acronym);
    expect(all.body).toMatchObject({ page: 1, pageSize: 100, total: acronyms.length });
    const caseInsensitive = (a: string, b: string) =>
      a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0;
    expect(acronyms).toEqual([...acronyms].sort(caseInsensitive));
    expect(acronyms.slice(-3)).toEqual(['ZZA', 'ZZB', 'ZZC']);
    expect(acronyms.indexOf('RAMQ')).toBeLessThan(acronyms.indexOf('SCT'));
    expect(all.body.items[0]).toEqual({
      id: expect.any(String),
      name: { fr: expect.any(String), en: expect.anything() },
      acronym: expect.any(String),
      forgeGroupPath: expect.any(String),
    });

    const total = all.body.total as number;
    const lastPage = Math.ceil(total / 2);
    const page = await t.http().get('/api/v1/public-bodies').query({ page: lastPage, pageSize: 2 }).expect(200);
    expect(page.body).toMatchObject({ page: lastPage, pageSize: 2, total });
    expect(page.body.items.map((b: { acronym: string }) => b.acronym)).toEqual(
      acronyms.slice((lastPage - 1) * 2, lastPage * 2),
    );

    expectEnvelope(
      await t.http().get('/api/v1/public-bodies').query({ pageSize: 101 }).expect(400),
      'VALIDATION_FAILED',
    );
    // A token, even an invalid one, does not close a public route.
    await t.http().get('/api/v1/public-bodies').set('Authorization', 'Bearer invalide').expect(200);
  });

  it('describes the organizations routes in the OpenAPI document', async () => {
    const doc = await t.http().get('/api/docs/openapi.json').expect(200);
    const paths = [
      '/api/v1/public-bodies',
      '/api/v1/vendors',
      '/api/v1/vendors/{id}',
      '/api/v1/vendors/{id}/members',
      '/api/v1/vendors/{id}/members/{userId}',
      '/api/v1/ineligible-enterprises',
    ];
    for (const path of paths) expect(Object.keys(doc.body.paths)).toContain(path);
    expect(doc.body.components.schemas.VendorView.properties).toHaveProperty('members');
  });
});
