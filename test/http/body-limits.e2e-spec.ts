import {
  buyerOfNewPublicBody,
  createDraft,
  createProposal,
  expectEnvelope,
  loginAsAdmin,
  OpportunityBody,
  opportunityBody,
  proposalBody,
  publishOpportunity,
  seedVendor,
  Session,
  THREE_CRITERIA,
} from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';

type Answer = { status: number; body: { error?: { details?: Record<string, unknown> } }; text: string };
const fieldsOf = (res: Answer) => (res.body.error?.details?.fields ?? []) as { path: string; message: string }[];

/**
 * Issue 13 (High 1, Medium 6, Low 12): what a body may be before any DTO sees it. Each
 * hostile body answers a small coded error, quickly, and never a 500.
 */
describe('Limits on request bodies', () => {
  let t: TestApp;
  let admin: Session;
  let buyer: Session & { publicBodyId: string };

  beforeAll(async () => {
    t = await startTestApp({ redis: false, label: 'bodylimits' });
    admin = await loginAsAdmin(t);
    buyer = await buyerOfNewPublicBody(t, admin);
  });

  afterAll(async () => {
    await t?.close();
  });

  const login = (body: string) =>
    t.http().post('/api/v1/auth/login').set('content-type', 'application/json').send(body);

  it('a 90 000-key body to /auth/login is refused at once (413), with a small answer', async () => {
    const body = JSON.stringify(Object.fromEntries(Array.from({ length: 90_000 }, (_, i) => [`k${i}`, 1])));
    const started = Date.now();
    const res = await login(body);
    expect(res.status).toBe(413);
    expectEnvelope(res, 'PAYLOAD_TOO_LARGE');
    expect(res.text.length).toBeLessThan(1000);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a body within the size limit but with too many keys is refused before validation (400)', async () => {
    const body = JSON.stringify(Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, 1])));
    const res = await login(body);
    expectEnvelope(res, 'VALIDATION_FAILED');
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual([{ path: '', message: expect.stringMatching(/trop de champs/) }]);
  });

  it('lists at most 20 unknown fields and counts the others', async () => {
    const unknown = Object.fromEntries(Array.from({ length: 90 }, (_, i) => [`k${i}`, 1]));
    const res = await login(JSON.stringify({ email: 'a@exemple.quebec', password: 'x', ...unknown }));
    expectEnvelope(res, 'VALIDATION_FAILED');
    expect(fieldsOf(res)).toHaveLength(20);
    expect(res.body.error?.details?.omittedFields).toBe(70);
    expect(res.text.length).toBeLessThan(3000);
  });

  it('deep nesting is a 400 naming the field, not a 500 (any role, any JSON route)', async () => {
    const deep = `{"email":${'['.repeat(6000)}${']'.repeat(6000)},"password":"x"}`;
    const res = await login(deep);
    expectEnvelope(res, 'VALIDATION_FAILED');
    expect(fieldsOf(res)).toEqual([{ path: 'email[0]', message: 'une liste ne peut pas contenir de liste' }]);
    const objects = await login(`{"email":${'{"a":'.repeat(6000)}1${'}'.repeat(6000)},"password":"x"}`);
    expectEnvelope(objects, 'VALIDATION_FAILED');
    expect(fieldsOf(objects)).toEqual([
      { path: `email${'.a'.repeat(15)}`, message: expect.stringMatching(/imbrication trop profonde/) },
    ]);
    const asAdmin = await t
      .http()
      .post('/api/v1/public-bodies')
      .set(admin.auth)
      .set('content-type', 'application/json')
      .send(`{"name":${'{"fr":'.repeat(3000)}"x"${'}'.repeat(3000)}}`);
    expect(asAdmin.status).toBe(400);
    expectEnvelope(asAdmin, 'VALIDATION_FAILED');
  });

  it.each(['__proto__', 'constructor', 'prototype'])('a "%s" key is refused (400), not dropped', async (key) => {
    const res = await login(`{"email":"a@exemple.quebec","password":"x","${key}":{"role":"admin"}}`);
    expectEnvelope(res, 'VALIDATION_FAILED');
    expect(fieldsOf(res)).toEqual([{ path: key, message: 'nom de champ interdit' }]);
    const nested = await t
      .http()
      .post('/api/v1/public-bodies')
      .set(admin.auth)
      .set('content-type', 'application/json')
      .send(`{"name":{"fr":"Ministère","${key}":{"x":1}},"acronym":"ABC","forgeGroupPath":"gouv/abc"}`);
    expect(fieldsOf(nested)).toEqual([{ path: `name.${key}`, message: 'nom de champ interdit' }]);
  });

  it('a body over the default limit (100 kB) is 413 on an ordinary route, while a long-text route takes it', async () => {
    const long = 'é'.repeat(40_000); // 80 kB of UTF-8, twice: above 100 kB
    const res = await t
      .http()
      .post('/api/v1/public-bodies')
      .set(admin.auth)
      .send({ name: { fr: long, en: long }, acronym: 'X', forgeGroupPath: 'gouv/x' });
    expect(res.status).toBe(413);
    expectEnvelope(res, 'PAYLOAD_TOO_LARGE');
    const draft = await createDraft(t, buyer, { description: { fr: long, en: long } });
    expect(draft.description).toEqual({ fr: long, en: long });
  });

  describe('lists nested in lists', () => {
    let opportunity: OpportunityBody;

    beforeAll(async () => {
      opportunity = await publishOpportunity(t, { admin, buyer });
    });

    it('criteria: [[…]] on POST and PATCH /opportunities is a 400 naming criteria[0]', async () => {
      const created = await t
        .http()
        .post('/api/v1/opportunities')
        .set(buyer.auth)
        .send(opportunityBody({ criteria: [THREE_CRITERIA] }));
      expect(created.status).toBe(400);
      expect(fieldsOf(created)).toContainEqual({ path: 'criteria[0]', message: expect.stringMatching(/liste/) });

      const draft = await createDraft(t, buyer);
      const edited = await t
        .http()
        .patch(`/api/v1/opportunities/${draft.id}`)
        .set(buyer.auth)
        .send({ acceptanceCriteria: [[{ fr: 'x' }]] });
      expect(edited.status).toBe(400);
      expect(fieldsOf(edited)).toEqual([{ path: 'acceptanceCriteria[0]', message: expect.stringMatching(/liste/) }]);
    });

    it('responses: [[…]] on PATCH /proposals/:id is a 400 naming responses[0]', async () => {
      const vendor = await seedVendor(t);
      const proposal = await createProposal(t, vendor, opportunity.id, proposalBody(opportunity, vendor.vendorId));
      const res = await t
        .http()
        .patch(`/api/v1/proposals/${proposal.id}`)
        .set(vendor.auth)
        .send({ responses: [[{ criterionId: opportunity.criteria[0].id, text: 'x' }]] });
      expect(res.status).toBe(400);
      expectEnvelope(res, 'VALIDATION_FAILED');
      expect(fieldsOf(res)).toEqual([{ path: 'responses[0]', message: expect.stringMatching(/liste/) }]);
    });
  });
});
