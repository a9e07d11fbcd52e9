import {
  buyerOfNewPublicBody,
  createDraft,
  createProposal,
  createVendorOrganization,
  expectEnvelope,
  loginAsAdmin,
  nextNeq,
  opportunityBody,
  OpportunityBody,
  proposalBody,
  publishOpportunity,
  registerVendor,
  seedVendor,
  Session,
} from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Inputs that once reached PostgreSQL and came back as 500 INTERNAL: each must be a coded
 * 400 VALIDATION_FAILED naming the field (or, for a valid input, a 200).
 */
describe('Bad input answers a coded error, never 500', () => {
  let t: TestApp;
  let admin: Session;
  let buyer: Session & { publicBodyId: string };

  beforeAll(async () => {
    t = await startTestApp({ redis: false, label: 'badinput' });
    admin = await loginAsAdmin(t);
    buyer = await buyerOfNewPublicBody(t, admin);
  });

  afterAll(async () => {
    await t?.close();
  });

  const fieldsOf = (res: { body: { error?: { details?: { fields?: { path: string; message: string }[] } } } }) =>
    res.body.error?.details?.fields ?? [];
  const expectField = (
    res: Parameters<typeof fieldsOf>[0] & { status: number; headers: Record<string, string> },
    path: string,
  ) => {
    expect(res.status).toBe(400);
    expectEnvelope(res, 'VALIDATION_FAILED');
    expect(fieldsOf(res).map((f) => f.path)).toContain(path);
    return fieldsOf(res).find((f) => f.path === path)!;
  };

  describe('page numbers beyond any list', () => {
    it.each(['1e21', '1000000000000000000', '1000001'])('?page=%s is refused on every paginated list', async (page) => {
      for (const [url, auth] of [
        ['/api/v1/public-bodies', {}],
        ['/api/v1/opportunities', {}],
        ['/api/v1/notifications', admin.auth],
        ['/api/v1/audit/events', admin.auth],
      ] as const) {
        const res = await t.http().get(url).query({ page }).set(auth);
        expect({ url, status: res.status }).toEqual({ url, status: 400 });
        const field = expectField(res, 'page');
        expect(field.message).toMatch(/page/i);
      }
    });

    it('the largest page allowed still answers (empty)', async () => {
      const res = await t.http().get('/api/v1/public-bodies').query({ page: 1_000_000, pageSize: 100 }).expect(200);
      expect(res.body).toMatchObject({ items: [], page: 1_000_000, pageSize: 100 });
      await t.http().get('/api/v1/opportunities').query({ page: 1_000_000, pageSize: 100 }).expect(200);
    });
  });

  describe('closingAfter / closingBefore with any offset the query accepts', () => {
    it.each(['2027-01-01T00:00:00+20:00', '2027-01-01T00:00:00-23:59', '2027-01-01T00:00:00+14:00'])(
      '%s is a normal search',
      async (instant) => {
        const after = await t.http().get('/api/v1/opportunities').query({ closingAfter: instant }).expect(200);
        expect(Array.isArray(after.body.items)).toBe(true);
        await t.http().get('/api/v1/opportunities').query({ closingBefore: instant }).expect(200);
      },
    );

    it('an instant with an extreme offset means the same instant in UTC', async () => {
      const opportunity = await publishOpportunity(t, { admin, buyer }, { proposalDeadline: '2031-06-01T12:00:00Z' });
      const ids = async (q: Record<string, string>) =>
        (
          (
            await t
              .http()
              .get('/api/v1/opportunities')
              .query({ publicBodyId: buyer.publicBodyId, pageSize: 100, ...q })
              .expect(200)
          ).body.items as { id: string }[]
        ).map((i) => i.id);
      // 2031-06-02T07:59+20:00 = 2031-06-01T11:59Z (before the deadline); 08:01+20:00 = 12:01Z (after).
      expect(await ids({ closingAfter: '2031-06-02T07:59:00+20:00' })).toContain(opportunity.id);
      expect(await ids({ closingAfter: '2031-06-02T08:01:00+20:00' })).not.toContain(opportunity.id);
      expect(await ids({ closingBefore: '2031-06-02T08:01:00+20:00', closingAfter: '2031-06-01T00:00:00Z' })).toContain(
        opportunity.id,
      );
    });

    it('the query validation is unchanged (impossible date, local time)', async () => {
      expectField(await t.http().get('/api/v1/opportunities').query({ closingAfter: '2027-02-30' }), 'closingAfter');
      expectField(
        await t.http().get('/api/v1/opportunities').query({ closingAfter: '2027-01-01T00:00:00' }),
        'closingAfter',
      );
    });
  });

  describe('NUL characters and lone surrogates in JSON bodies', () => {
    let opportunity: OpportunityBody;

    beforeAll(async () => {
      opportunity = await publishOpportunity(t, { admin, buyer });
    });

    it.each([
      ['a NUL', 'Notre réponse\u0000 au critère.'],
      ['a lone high surrogate', 'Notre réponse \ud800 au critère.'],
      ['a lone low surrogate', '\udc00'],
    ])('PATCH /proposals/:id responses[].text with %s', async (_label, text) => {
      const vendor = await seedVendor(t);
      const proposal = await createProposal(t, vendor, opportunity.id, proposalBody(opportunity, vendor.vendorId));
      const responses = opportunity.criteria.map((c, i) => ({ criterionId: c.id, text: i === 1 ? text : 'Correct.' }));
      const res = await t.http().patch(`/api/v1/proposals/${proposal.id}`).set(vendor.auth).send({ responses });
      const field = expectField(res, 'responses[1].text');
      expect(field.message).toMatch(/caractère/);
      // The draft is untouched.
      await t
        .http()
        .patch(`/api/v1/proposals/${proposal.id}`)
        .set(vendor.auth)
        .send({ responses: [{ criterionId: opportunity.criteria[0].id, text: 'Encore correct 😀.' }] })
        .expect(200);
    });

    it('POST /vendors legalName with a NUL or a lone surrogate', async () => {
      const owner = await registerVendor(t);
      for (const legalName of ['Logiciels\u0000 inc.', 'Logiciels \udfff inc.']) {
        const res = await t
          .http()
          .post('/api/v1/vendors')
          .set(owner.auth)
          .send({
            legalName,
            neq: nextNeq(),
            size: 'sme',
            email: 'contact@boreal.quebec',
            address: { city: 'Québec', province: 'QC', postalCode: 'G1R 4A5' },
          });
        expectField(res, 'legalName');
      }
      // Well-formed astral characters (surrogate pairs) are fine.
      await createVendorOrganization(t, owner, { legalName: 'Logiciels 𝄞 inc.' });
    });

    it('POST /ineligible-enterprises name, and a nested address field', async () => {
      const res = await t
        .http()
        .post('/api/v1/ineligible-enterprises')
        .set(admin.auth)
        .send({ neq: nextNeq(), name: 'Entreprise \ud800', effectiveFrom: '2026-01-15' });
      expectField(res, 'name');
      const owner = await registerVendor(t);
      const nested = await t
        .http()
        .post('/api/v1/vendors')
        .set(owner.auth)
        .send({
          legalName: 'Logiciels inc.',
          neq: nextNeq(),
          size: 'sme',
          email: 'contact@boreal.quebec',
          address: { city: 'Qu\u0000ébec', province: 'QC', postalCode: 'G1R 4A5' },
        });
      expectField(nested, 'address.city');
    });

    it('a NUL in a query string is refused too', async () => {
      expectField(await t.http().get('/api/v1/opportunities?q=d%C3%A9veloppement%00web'), 'q');
      expectField(await t.http().get('/api/v1/audit/events?entityId=abc%00').set(admin.auth), 'entityId');
    });
  });

  describe('opportunity instants (IsInstant)', () => {
    it.each([
      '2027-02-30T14:00:00Z',
      '2027-04-31T14:00:00-04:00',
      '2027-01-01T24:00:00Z',
      '0000-01-01T00:00:00Z',
      '1969-12-31T23:59:59Z',
    ])('proposalDeadline %s is refused', async (proposalDeadline) => {
      const res = await t
        .http()
        .post('/api/v1/opportunities')
        .set(buyer.auth)
        .send(opportunityBody({ proposalDeadline, deliveryDueDate: '2031-06-30' }));
      expectField(res, 'proposalDeadline');
    });

    it('a real instant is still accepted, as given', async () => {
      const draft = await createDraft(t, buyer, { proposalDeadline: '2031-02-28T14:00:00-05:00' });
      expect(draft.proposalDeadline).toBe('2031-02-28T19:00:00.000Z');
    });
  });

  describe('French messages for class-validator constraints', () => {
    it('GET /audit/events?from=2026-13-45 says so in French', async () => {
      const res = await t.http().get('/api/v1/audit/events').query({ from: '2026-13-45' }).set(admin.auth);
      const field = expectField(res, 'from');
      expect(field.message).toBe('date invalide (format ISO 8601 attendu)');
    });
  });

  describe('instants with any offset the validation accepts', () => {
    it('GET /audit/events filters by from/to given with a +20:00 or −23:59 offset (200, the UTC instant they name)', async () => {
      const res = await t
        .http()
        .get('/api/v1/audit/events')
        .query({ from: '2000-01-01T00:00:00+20:00', to: '2999-12-31T23:59:00-23:59' })
        .set(admin.auth)
        .expect(200);
      expect(res.body.total).toBeGreaterThan(0);
      const none = await t
        .http()
        .get('/api/v1/audit/events')
        .query({ from: '2999-12-31T23:59:00-23:59' })
        .set(admin.auth)
        .expect(200);
      expect(none.body.total).toBe(0);
    });
  });
});
