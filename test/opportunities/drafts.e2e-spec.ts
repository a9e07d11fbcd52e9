import { startTestApp, TestApp } from '../support/test-app';
import {
  auditEventsFor,
  buyerOfNewPublicBody,
  createAccount,
  createDraft,
  dbNow,
  dbTimeIn,
  expectEnvelope,
  loginAsAdmin,
  opportunityBody,
  registerVendor,
  Session,
  submitForReview,
  THREE_CRITERIA,
} from '../support/scenario';

describe('Opportunity drafts (PostgreSQL + Redis)', () => {
  let t: TestApp;
  let admin: Session;
  let buyer: Session & { publicBodyId: string };

  beforeAll(async () => {
    t = await startTestApp({ label: 'oppdrafts' });
    admin = await loginAsAdmin(t);
    buyer = await buyerOfNewPublicBody(t, admin);
  });

  afterAll(async () => {
    await t?.close();
  });

  const url = (id?: string) => (id ? `/api/v1/opportunities/${id}` : '/api/v1/opportunities');
  const montrealYear = async () =>
    Number(
      (
        (await t.dataSource.query(`SELECT extract(year FROM now() AT TIME ZONE 'America/Montreal')::int AS y`)) as {
          y: number;
        }[]
      )[0].y,
    );

  it('creates a DRAFT for the buyer’s public body, with reference, ocid and criteria ids', async () => {
    const deadline = await dbTimeIn(t, '30 days');
    const body = opportunityBody({
      proposalDeadline: deadline,
      deliveryDueDate: '2099-04-30',
      criteria: [...THREE_CRITERIA.slice(0, 2), { ...THREE_CRITERIA[2], weight: 25 }],
    });
    const res = await t.http().post(url()).set(buyer.auth).send(body).expect(201);
    const year = await montrealYear();

    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      status: 'DRAFT',
      reference: expect.stringMatching(new RegExp(`^EEC-${year}-\\d{4}$`)),
      publicBody: { id: buyer.publicBodyId },
      title: { fr: 'Module de prise de rendez-vous', en: 'Appointment module' },
      estimatedValueCents: 6_500_000,
      kPercent: 30,
      license: 'LiLiQ-P-1.1',
      proposalDeadline: deadline,
      deliveryDueDate: '2099-04-30',
      publishedAt: null,
      questionsDeadline: null,
      complaintDeadline: null,
      addenda: [],
      questions: [],
    });
    expect(res.body.ocid).toBe(`ocds-ech000-${res.body.reference}`);
    expect(res.body.criteria).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        title: { fr: 'Compréhension du besoin', en: null },
        description: { fr: 'Analyse du besoin', en: null },
        weight: 40,
        minimumRequired: false,
      },
      {
        id: expect.any(String),
        title: { fr: 'Approche technique', en: null },
        description: null,
        weight: 35,
        minimumRequired: true,
      },
      {
        id: expect.any(String),
        title: { fr: 'Expérience', en: 'Experience' },
        description: null,
        weight: 25,
        minimumRequired: false,
      },
    ]);

    const events = await auditEventsFor(t, admin, res.body.id);
    expect(events).toEqual([
      expect.objectContaining({
        action: 'opportunities.create',
        actorId: buyer.userId,
        actorRole: 'buyer',
        data: expect.objectContaining({ reference: res.body.reference, publicBodyId: buyer.publicBodyId }),
      }),
    ]);
  });

  it('numbers 20 concurrent creations without gap or duplicate', async () => {
    const year = await montrealYear();
    const counter = async () =>
      Number(
        (
          (await t.dataSource.query(`SELECT last_value FROM reference_counter WHERE kind = 'EEC' AND year = $1`, [
            year,
          ])) as { last_value: number }[]
        )[0]?.last_value ?? 0,
      );
    const before = await counter();
    const deadline = await dbTimeIn(t, '30 days');
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        t
          .http()
          .post(url())
          .set(buyer.auth)
          .send(opportunityBody({ proposalDeadline: deadline })),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    const numbers = results.map((r) => Number(/^EEC-\d{4}-(\d{4})$/.exec(r.body.reference)![1])).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => before + 1 + i));
    expect(await counter()).toBe(before + 20);
  });

  it('gives the number back when the creation is refused (gap-free under failures)', async () => {
    const first = await createDraft(t, buyer);
    await t
      .http()
      .post(url())
      .set(buyer.auth)
      .send(opportunityBody({ estimatedValueCents: 9_000_000 }))
      .expect(422);
    const second = await createDraft(t, buyer);
    const n = (ref: string) => Number(ref.slice(-4));
    expect(n(second.reference)).toBe(n(first.reference) + 1);
  });

  it('validates the body with paths (400 VALIDATION_FAILED)', async () => {
    const bad = opportunityBody({
      title: { fr: '' },
      procurementMode: 'secret',
      criteria: [{ title: { fr: 'A' }, weight: 'quarante' }, { title: {}, weight: 30 }, { weight: 30 }],
      proposalDeadline: '2027-01-20T14:00:00',
      deliveryDueDate: '2027-02-30',
      forgeProjectPath: 'Pas un chemin',
      estimatedValueCents: 12.5,
      surprise: true,
    });
    const res = await t.http().post(url()).set(buyer.auth).send(bad).expect(400);
    expectEnvelope(res, 'VALIDATION_FAILED');
    const paths = (res.body.error.details.fields as { path: string }[]).map((f) => f.path);
    expect(new Set(paths)).toEqual(
      new Set([
        'title.fr',
        'procurementMode',
        'criteria[0].weight',
        'criteria[1].title.fr',
        'criteria[2].title',
        'proposalDeadline',
        'deliveryDueDate',
        'forgeProjectPath',
        'estimatedValueCents',
        'surprise',
      ]),
    );
  });

  it.each([
    ['O1 value at the cap', 422, 'VALUE_ABOVE_CAP', { estimatedValueCents: 9_000_000 }],
    ['O1 value above the cap', 422, 'VALUE_ABOVE_CAP', { estimatedValueCents: 12_000_000 }],
    ['O1 value of zero', 400, 'VALIDATION_FAILED', { estimatedValueCents: 0 }],
    ['O1 negative value', 400, 'VALIDATION_FAILED', { estimatedValueCents: -100 }],
    [
      'O2 two criteria',
      422,
      'INVALID_CRITERIA',
      { criteria: THREE_CRITERIA.slice(0, 2).map((c) => ({ ...c, weight: 50 })) },
    ],
    [
      'O2 weights summing to 99.99',
      422,
      'INVALID_CRITERIA',
      { criteria: THREE_CRITERIA.map((c) => ({ ...c, weight: 33.33 })) },
    ],
    [
      'O2 three decimals',
      422,
      'INVALID_CRITERIA',
      {
        criteria: [
          { ...THREE_CRITERIA[0], weight: 33.333 },
          { ...THREE_CRITERIA[1], weight: 33.333 },
          { ...THREE_CRITERIA[2], weight: 33.334 },
        ],
      },
    ],
    [
      'O2 a zero weight',
      422,
      'INVALID_CRITERIA',
      {
        criteria: [
          { ...THREE_CRITERIA[0], weight: 0 },
          { ...THREE_CRITERIA[1], weight: 50 },
          { ...THREE_CRITERIA[2], weight: 50 },
        ],
      },
    ],
    ['O3 K above 30', 422, 'INVALID_K', { kPercent: 31 }],
    ['O3 K below 15', 422, 'INVALID_K', { kPercent: 14.99 }],
    [
      'O3 K with the lowest-price method',
      422,
      'INVALID_K',
      { evaluationMethod: 'min_quality_lowest_price', kPercent: 20 },
    ],
    ['O6 licence off the list', 422, 'INVALID_LICENSE', { license: 'GPL-2.0-only' }],
  ] as [string, number, string, Record<string, unknown>][])(
    'refuses %s (%d %s)',
    async (_case, status, code, change) => {
      const res = await t.http().post(url()).set(buyer.auth).send(opportunityBody(change)).expect(status);
      expectEnvelope(res, code);
    },
  );

  it('accepts the boundaries: value one cent under the cap, thirds to the hundredth, K of 15, lowest price without K', async () => {
    await createDraft(t, buyer, { estimatedValueCents: 8_999_999 });
    const thirds = await createDraft(t, buyer, {
      criteria: THREE_CRITERIA.map((c, i) => ({ ...c, weight: i === 2 ? 33.34 : 33.33 })),
    });
    expect(thirds.criteria.map((c) => c.weight)).toEqual([33.33, 33.33, 33.34]);
    await createDraft(t, buyer, { kPercent: 15 });
    const lowest = await createDraft(t, buyer, { evaluationMethod: 'min_quality_lowest_price', kPercent: null });
    expect(lowest.kPercent).toBeNull();
  });

  it('reports where criteria are wrong', async () => {
    const res = await t
      .http()
      .post(url())
      .set(buyer.auth)
      .send(
        opportunityBody({
          criteria: [
            { ...THREE_CRITERIA[0], weight: 50 },
            { ...THREE_CRITERIA[1], weight: -1 },
            { ...THREE_CRITERIA[2], weight: 50 },
          ],
        }),
      )
      .expect(422);
    expect(res.body.error.details.fields).toEqual([{ path: 'criteria[1].weight', message: expect.any(String) }]);
  });

  it('lets a draft be incomplete: only title, mode, value and method are required', async () => {
    const res = await t
      .http()
      .post(url())
      .set(buyer.auth)
      .send({
        title: { fr: 'Idée' },
        procurementMode: 'public',
        estimatedValueCents: 100_000,
        evaluationMethod: 'adjusted_price',
      })
      .expect(201);
    expect(res.body).toMatchObject({
      status: 'DRAFT',
      summary: { fr: '', en: null },
      criteria: [],
      kPercent: null,
      license: null,
      proposalDeadline: null,
    });
    const missing = await t
      .http()
      .post(url())
      .set(buyer.auth)
      .send({ title: { fr: 'Sans valeur' } })
      .expect(400);
    expect((missing.body.error.details.fields as { path: string }[]).map((f) => f.path).sort()).toEqual([
      'estimatedValueCents',
      'evaluationMethod',
      'procurementMode',
    ]);
  });

  it('refuses the creation to vendors, admins (403) and anonymous callers (401)', async () => {
    const vendor = await registerVendor(t);
    expectEnvelope(await t.http().post(url()).set(vendor.auth).send(opportunityBody()).expect(403), 'FORBIDDEN');
    expectEnvelope(await t.http().post(url()).set(admin.auth).send(opportunityBody()).expect(403), 'FORBIDDEN');
    expectEnvelope(await t.http().post(url()).send(opportunityBody()).expect(401), 'UNAUTHENTICATED');
  });

  it('edits a draft: fields present change, null clears, criteria are replaced wholesale', async () => {
    const draft = await createDraft(t, buyer);
    const colleague = await createAccount(t, admin, 'buyer', buyer.publicBodyId);
    const res = await t
      .http()
      .patch(url(draft.id))
      .set(colleague.auth)
      .send({
        title: { fr: 'Nouveau titre' },
        license: null,
        kPercent: 20,
        criteria: [
          { title: { fr: 'Qualité' }, weight: 50 },
          { title: { fr: 'Délais' }, weight: 25.5 },
          { title: { fr: 'Équipe' }, weight: 24.5 },
        ],
      })
      .expect(200);
    expect(res.body).toMatchObject({
      title: { fr: 'Nouveau titre', en: null },
      license: null,
      kPercent: 20,
      summary: draft.summary,
      estimatedValueCents: 6_500_000,
    });
    expect(res.body.criteria.map((c: { weight: number }) => c.weight)).toEqual([50, 25.5, 24.5]);
    const oldIds = new Set(draft.criteria.map((c) => c.id));
    expect(res.body.criteria.some((c: { id: string }) => oldIds.has(c.id))).toBe(false);
    expect(
      Number(
        (
          (await t.dataSource.query(`SELECT count(*)::int AS n FROM opportunity_criterion WHERE opportunity_id = $1`, [
            draft.id,
          ])) as { n: number }[]
        )[0].n,
      ),
    ).toBe(3);

    const events = await auditEventsFor(t, admin, draft.id);
    expect(events.map((e) => e.action)).toEqual(['opportunities.create', 'opportunities.update']);
    expect(events[1].data.fields).toEqual(['title', 'kPercent', 'criteria', 'license']);
  });

  it('checks the rules on the edited whole (O1, O2, O3, O6) and refuses null for required fields', async () => {
    const draft = await createDraft(t, buyer);
    expectEnvelope(
      await t
        .http()
        .patch(url(draft.id))
        .set(buyer.auth)
        .send({ evaluationMethod: 'min_quality_lowest_price' })
        .expect(422),
      'INVALID_K',
    );
    expectEnvelope(
      await t.http().patch(url(draft.id)).set(buyer.auth).send({ estimatedValueCents: 9_000_000 }).expect(422),
      'VALUE_ABOVE_CAP',
    );
    expectEnvelope(
      await t
        .http()
        .patch(url(draft.id))
        .set(buyer.auth)
        .send({ criteria: [THREE_CRITERIA[0]] })
        .expect(422),
      'INVALID_CRITERIA',
    );
    expectEnvelope(
      await t.http().patch(url(draft.id)).set(buyer.auth).send({ license: 'WTFPL' }).expect(422),
      'INVALID_LICENSE',
    );
    const nulls = await t
      .http()
      .patch(url(draft.id))
      .set(buyer.auth)
      .send({ title: null, estimatedValueCents: null })
      .expect(400);
    expect(new Set((nulls.body.error.details.fields as { path: string }[]).map((f) => f.path))).toEqual(
      new Set(['estimatedValueCents', 'title']),
    );
    await t
      .http()
      .patch(url(draft.id))
      .set(buyer.auth)
      .send({ evaluationMethod: 'min_quality_lowest_price', kPercent: null })
      .expect(200);
  });

  it('keeps drafts among the owning public body and admins: others get 404, vendors 403 on writes', async () => {
    const draft = await createDraft(t, buyer);
    const other = await buyerOfNewPublicBody(t, admin);
    const vendor = await registerVendor(t);
    const auditor = await createAccount(t, admin, 'auditor');

    await t.http().get(url(draft.id)).set(buyer.auth).expect(200);
    const seenByAdmin = await t.http().get(url(draft.id)).set(admin.auth).expect(200);
    expect(seenByAdmin.body.status).toBe('DRAFT');
    for (const reader of [other, vendor, auditor])
      expectEnvelope(await t.http().get(url(draft.id)).set(reader.auth).expect(404), 'NOT_FOUND');
    expectEnvelope(await t.http().get(url(draft.id)).expect(404), 'NOT_FOUND');

    expectEnvelope(
      await t
        .http()
        .patch(url(draft.id))
        .set(other.auth)
        .send({ title: { fr: 'x' } })
        .expect(404),
      'NOT_FOUND',
    );
    expectEnvelope(await t.http().delete(url(draft.id)).set(other.auth).expect(404), 'NOT_FOUND');
    expectEnvelope(
      await t
        .http()
        .patch(url(draft.id))
        .set(vendor.auth)
        .send({ title: { fr: 'x' } })
        .expect(403),
      'FORBIDDEN',
    );
    expectEnvelope(
      await t.http().patch(url('00000000-0000-4000-8000-000000000000')).set(buyer.auth).send({}).expect(404),
      'NOT_FOUND',
    );
    expectEnvelope(await t.http().get(url('pas-un-uuid')).expect(404), 'NOT_FOUND');
  });

  it('refuses to edit a draft under review (409 INVALID_TRANSITION)', async () => {
    const draft = await createDraft(t, buyer);
    await submitForReview(t, buyer, draft.id);
    const res = await t
      .http()
      .patch(url(draft.id))
      .set(buyer.auth)
      .send({ title: { fr: 'Trop tard' } })
      .expect(409);
    expectEnvelope(res, 'INVALID_TRANSITION');
  });

  it('deletes a draft (204), never anything else (409 INVALID_TRANSITION), and audits the deletion', async () => {
    const draft = await createDraft(t, buyer);
    await t.http().delete(url(draft.id)).set(buyer.auth).expect(204);
    expectEnvelope(await t.http().get(url(draft.id)).set(buyer.auth).expect(404), 'NOT_FOUND');
    expect(
      await t.dataSource.query(`SELECT id FROM opportunity_criterion WHERE opportunity_id = $1`, [draft.id]),
    ).toEqual([]);
    const events = await auditEventsFor(t, admin, draft.id);
    expect(events.map((e) => e.action)).toEqual(['opportunities.create', 'opportunities.delete']);
    expect(events[1].data.reference).toBe(draft.reference);

    const reviewed = await createDraft(t, buyer);
    await submitForReview(t, buyer, reviewed.id);
    expectEnvelope(await t.http().delete(url(reviewed.id)).set(buyer.auth).expect(409), 'INVALID_TRANSITION');
  });

  it('stores deadlines given with any offset as the same instant', async () => {
    const now = await dbNow(t);
    const local = new Date(now.getTime() + 40 * 86_400_000);
    const withOffset = local.toISOString().replace('Z', '+00:00');
    const draft = await createDraft(t, buyer, { proposalDeadline: withOffset });
    expect(draft.proposalDeadline).toBe(local.toISOString());
  });

  it('describes the opportunity routes and bodies in the OpenAPI document, in French', async () => {
    const doc = (await t.http().get('/api/docs/openapi.json').expect(200)).body;
    for (const path of [
      '/api/v1/opportunities/{id}',
      '/api/v1/opportunities/{id}/publish',
      '/api/v1/opportunities/{id}/addenda',
      '/api/v1/me/notification-preferences',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(doc.paths['/api/v1/opportunities/{id}/publish'].post.summary).toBe('Publier (administrateurs)');
    const create = doc.components.schemas.CreateOpportunityDto;
    expect(create.required).toEqual(
      expect.arrayContaining(['title', 'procurementMode', 'estimatedValueCents', 'evaluationMethod']),
    );
    expect(create.properties.criteria.items.$ref).toBe('#/components/schemas/CriterionDto');
    expect(doc.components.schemas.UpdateOpportunityDto.required ?? []).toEqual([]);
  });
});
