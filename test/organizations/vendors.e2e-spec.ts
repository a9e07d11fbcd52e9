import { startTestApp, TestApp } from '../support/test-app';
import {
  auditEventsFor,
  createAccount,
  createPublicBody,
  createVendorOrganization,
  expectEnvelope,
  loginAsAdmin,
  nextNeq,
  registerVendor,
  Session,
  vendorOrganizationBody,
} from '../support/scenario';

describe('Vendor organizations (PostgreSQL + Redis)', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await startTestApp({ label: 'vendors' });
    admin = await loginAsAdmin(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('registers an organization whose creator becomes owner, visible in /me, with an audit event', async () => {
    const owner = await registerVendor(t, 'Marie Tremblay');
    const neq = nextNeq();
    const res = await t
      .http()
      .post('/api/v1/vendors')
      .set(owner.auth)
      .send({
        legalName: '  Logiciels Boréal inc. ',
        neq,
        size: 'micro',
        email: 'Contact@Boreal.Quebec',
        address: { city: 'Montréal', province: 'qc', postalCode: 'h2x1y4' },
      })
      .expect(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      legalName: 'Logiciels Boréal inc.',
      neq,
      size: 'micro',
      email: 'contact@boreal.quebec',
      address: { city: 'Montréal', province: 'QC', postalCode: 'H2X 1Y4' },
      members: [{ userId: owner.userId, name: 'Marie Tremblay', email: owner.email, role: 'owner' }],
    });

    const me = await t.http().get('/api/v1/me').set(owner.auth).expect(200);
    expect(me.body.vendorOrganizations).toEqual([{ id: res.body.id, role: 'owner' }]);

    const events = await auditEventsFor(t, admin, res.body.id);
    expect(events).toEqual([
      expect.objectContaining({
        action: 'vendors.create',
        entityType: 'vendor_organization',
        actorId: owner.userId,
        actorRole: 'vendor',
        data: expect.objectContaining({ neq, legalName: 'Logiciels Boréal inc.', ownerId: owner.userId }),
      }),
    ]);
  });

  it('lets one vendor register several organizations', async () => {
    const owner = await registerVendor(t);
    const first = await createVendorOrganization(t, owner);
    const second = await createVendorOrganization(t, owner, { size: 'large' });
    const me = await t.http().get('/api/v1/me').set(owner.auth).expect(200);
    expect(me.body.vendorOrganizations.map((o: { id: string }) => o.id).sort()).toEqual([first.id, second.id].sort());
  });

  it('refuses a NEQ that is not exactly 10 digits (400 on path neq)', async () => {
    const owner = await registerVendor(t);
    for (const neq of ['117123456', '11712345678', '117123456a', 1171234567]) {
      const res = await t
        .http()
        .post('/api/v1/vendors')
        .set(owner.auth)
        .send(vendorOrganizationBody({ neq }))
        .expect(400);
      expectEnvelope(res, 'VALIDATION_FAILED');
      expect(new Set(res.body.error.details.fields.map((f: { path: string }) => f.path))).toEqual(new Set(['neq']));
    }
  });

  it('validates size, e-mail and the Canadian address, with nested paths', async () => {
    const owner = await registerVendor(t);
    const res = await t
      .http()
      .post('/api/v1/vendors')
      .set(owner.auth)
      .send(
        vendorOrganizationBody({
          size: 'huge',
          email: 'pas-un-courriel',
          address: { city: '', province: 'XX', postalCode: 'D1A 1A1', country: 'CA' },
        }),
      )
      .expect(400);
    expectEnvelope(res, 'VALIDATION_FAILED');
    const paths = [...new Set(res.body.error.details.fields.map((f: { path: string }) => f.path))].sort();
    expect(paths).toEqual([
      'address.city',
      'address.country',
      'address.postalCode',
      'address.province',
      'email',
      'size',
    ]);

    const mismatch = await t
      .http()
      .post('/api/v1/vendors')
      .set(owner.auth)
      .send(vendorOrganizationBody({ address: { city: 'Ottawa', province: 'QC', postalCode: 'K1A 0B1' } }))
      .expect(400);
    expect(mismatch.body.error.details.fields).toEqual([
      { path: 'address.postalCode', message: 'le code postal ne correspond pas à la province' },
    ]);

    const noAddress = await t
      .http()
      .post('/api/v1/vendors')
      .set(owner.auth)
      .send(vendorOrganizationBody({ address: undefined }))
      .expect(400);
    expect(noAddress.body.error.details.fields.map((f: { path: string }) => f.path)).toContain('address');
  });

  it('refuses a duplicate NEQ with 409 DUPLICATE_NEQ', async () => {
    const neq = nextNeq();
    await createVendorOrganization(t, await registerVendor(t), { neq });
    const res = await t
      .http()
      .post('/api/v1/vendors')
      .set((await registerVendor(t)).auth)
      .send(vendorOrganizationBody({ neq }))
      .expect(409);
    expectEnvelope(res, 'DUPLICATE_NEQ');
  });

  it('lets exactly one of 5 concurrent registrations of one NEQ through', async () => {
    const neq = nextNeq();
    const vendors = await Promise.all(Array.from({ length: 5 }, () => registerVendor(t)));
    const results = await Promise.all(
      vendors.map((v) => t.http().post('/api/v1/vendors').set(v.auth).send(vendorOrganizationBody({ neq }))),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    for (const r of results.filter((r) => r.status === 409)) expectEnvelope(r, 'DUPLICATE_NEQ');
    const [{ count }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM vendor_organization WHERE neq = $1`,
      [neq],
    );
    expect(count).toBe(1);
    // The refused attempts left no membership behind.
    const [{ members }] = await t.dataSource.query(
      `SELECT count(*)::int AS members FROM vendor_membership WHERE user_id = ANY($1::uuid[])`,
      [vendors.map((v) => v.userId)],
    );
    expect(members).toBe(1);
  });

  it('refuses the registration to roles other than vendor (403)', async () => {
    const auditor = await createAccount(t, admin, 'auditor');
    expectEnvelope(
      await t.http().post('/api/v1/vendors').set(auditor.auth).send(vendorOrganizationBody()).expect(403),
      'FORBIDDEN',
    );
    expectEnvelope(
      await t.http().post('/api/v1/vendors').set(admin.auth).send(vendorOrganizationBody()).expect(403),
      'FORBIDDEN',
    );
  });

  it('shows an organization to its members, admins and auditors; 404 to anyone else', async () => {
    const owner = await registerVendor(t);
    const org = await createVendorOrganization(t, owner);
    const auditor = await createAccount(t, admin, 'auditor');
    const publicBody = await createPublicBody(t, admin);
    const buyer = await createAccount(t, admin, 'buyer', publicBody.id);
    const outsider = await registerVendor(t);

    for (const reader of [owner, admin, auditor]) {
      const res = await t.http().get(`/api/v1/vendors/${org.id}`).set(reader.auth).expect(200);
      expect(res.body).toEqual(org);
    }
    for (const stranger of [outsider, buyer]) {
      expectEnvelope(await t.http().get(`/api/v1/vendors/${org.id}`).set(stranger.auth).expect(404), 'NOT_FOUND');
    }
    // An absent id and a malformed one answer exactly like an organization of someone else.
    expectEnvelope(
      await t.http().get('/api/v1/vendors/00000000-0000-4000-8000-000000000000').set(admin.auth).expect(404),
      'NOT_FOUND',
    );
    expectEnvelope(await t.http().get('/api/v1/vendors/pas-un-uuid').set(owner.auth).expect(404), 'NOT_FOUND');
    expectEnvelope(await t.http().get(`/api/v1/vendors/${org.id}`).expect(401), 'UNAUTHENTICATED');
  });
});
