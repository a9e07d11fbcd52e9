import { IneligibleRegisterService } from '../../src/organizations/ineligible-register.service';
import { startTestApp, TestApp } from '../support/test-app';
import {
  auditEventsFor,
  createAccount,
  createPublicBody,
  expectEnvelope,
  loginAsAdmin,
  nextNeq,
  registerVendor,
  Session,
} from '../support/scenario';

/** Today in Québec by the database clock: the day the register rule is judged on. */
const TODAY = `(now() AT TIME ZONE 'America/Montreal')::date`;

describe('Ineligible enterprises register (PostgreSQL + Redis)', () => {
  let t: TestApp;
  let admin: Session;
  let register: IneligibleRegisterService;

  beforeAll(async () => {
    t = await startTestApp({ label: 'ineligible' });
    admin = await loginAsAdmin(t);
    register = t.app.get(IneligibleRegisterService);
  });

  afterAll(async () => {
    await t?.close();
  });

  /** Inserts a register row with dates as SQL expressions relative to the database's today. */
  async function insertRow(neq: string, from: string, to: string | null): Promise<string> {
    const [row] = await t.dataSource.query(
      `INSERT INTO ineligible_enterprise (neq, name, effective_from, effective_to)
       VALUES ($1, 'Entreprise test', ${from}, ${to ?? 'NULL'}) RETURNING id`,
      [neq],
    );
    return row.id;
  }

  it('lets an admin register an enterprise, with an audit event; a vendor is refused', async () => {
    const neq = nextNeq();
    const res = await t
      .http()
      .post('/api/v1/ineligible-enterprises')
      .set(admin.auth)
      .send({ neq, name: ' Construction Douteuse inc. ', effectiveFrom: '2020-01-15', effectiveTo: '2022-01-14' })
      .expect(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      neq,
      name: 'Construction Douteuse inc.',
      effectiveFrom: '2020-01-15',
      effectiveTo: '2022-01-14',
      inEffect: false,
      createdAt: expect.any(String),
    });
    const openEnded = await t
      .http()
      .post('/api/v1/ineligible-enterprises')
      .set(admin.auth)
      .send({ neq, name: 'Construction Douteuse inc.', effectiveFrom: '2024-06-01' })
      .expect(201);
    expect(openEnded.body).toMatchObject({ effectiveTo: null, inEffect: true });

    const events = await auditEventsFor(t, admin, res.body.id);
    expect(events).toEqual([
      expect.objectContaining({
        action: 'ineligible.create',
        entityType: 'ineligible_enterprise',
        actorId: admin.userId,
        data: { neq, name: 'Construction Douteuse inc.', effectiveFrom: '2020-01-15', effectiveTo: '2022-01-14' },
      }),
    ]);

    const vendor = await registerVendor(t);
    const body = { neq, name: 'X', effectiveFrom: '2024-01-01' };
    expectEnvelope(
      await t.http().post('/api/v1/ineligible-enterprises').set(vendor.auth).send(body).expect(403),
      'FORBIDDEN',
    );
    expectEnvelope(await t.http().get('/api/v1/ineligible-enterprises').set(vendor.auth).expect(403), 'FORBIDDEN');
    expectEnvelope(await t.http().get('/api/v1/ineligible-enterprises').expect(401), 'UNAUTHENTICATED');
  });

  it('validates NEQ, dates and the period (effectiveTo ≥ effectiveFrom)', async () => {
    const post = (body: Record<string, unknown>) =>
      t.http().post('/api/v1/ineligible-enterprises').set(admin.auth).send(body);
    const inverted = await post({
      neq: nextNeq(),
      name: 'X',
      effectiveFrom: '2026-03-02',
      effectiveTo: '2026-03-01',
    }).expect(400);
    expectEnvelope(inverted, 'VALIDATION_FAILED');
    expect(inverted.body.error.details.fields).toEqual([{ path: 'effectiveTo', message: expect.any(String) }]);
    await post({ neq: nextNeq(), name: 'Un jour', effectiveFrom: '2026-03-01', effectiveTo: '2026-03-01' }).expect(201);

    const bad = await post({ neq: '12345', name: '', effectiveFrom: '2026-02-30', effectiveTo: '01/03/2026' }).expect(
      400,
    );
    const paths = [...new Set(bad.body.error.details.fields.map((f: { path: string }) => f.path))].sort();
    expect(paths).toEqual(['effectiveFrom', 'effectiveTo', 'name', 'neq']);
  });

  it('lists the register to admins, auditors and buyers, paginated, with a NEQ filter', async () => {
    const neq = nextNeq();
    await t
      .http()
      .post('/api/v1/ineligible-enterprises')
      .set(admin.auth)
      .send({ neq, name: 'Ancienne', effectiveFrom: '2019-01-01', effectiveTo: '2019-12-31' })
      .expect(201);
    await t
      .http()
      .post('/api/v1/ineligible-enterprises')
      .set(admin.auth)
      .send({ neq, name: 'Récente', effectiveFrom: '2025-01-01' })
      .expect(201);
    await t
      .http()
      .post('/api/v1/ineligible-enterprises')
      .set(admin.auth)
      .send({ neq: nextNeq(), name: 'Autre', effectiveFrom: '2025-01-01' })
      .expect(201);

    const auditor = await createAccount(t, admin, 'auditor');
    const buyer = await createAccount(t, admin, 'buyer', (await createPublicBody(t, admin)).id);
    for (const reader of [admin, auditor, buyer]) {
      const filtered = await t.http().get('/api/v1/ineligible-enterprises').query({ neq }).set(reader.auth).expect(200);
      expect(filtered.body).toMatchObject({ page: 1, pageSize: 20, total: 2 });
      expect(filtered.body.items.map((i: { name: string; inEffect: boolean }) => [i.name, i.inEffect])).toEqual([
        ['Récente', true],
        ['Ancienne', false],
      ]);
    }

    const all = await t
      .http()
      .get('/api/v1/ineligible-enterprises')
      .query({ pageSize: 100 })
      .set(auditor.auth)
      .expect(200);
    const paged = await t
      .http()
      .get('/api/v1/ineligible-enterprises')
      .query({ page: 2, pageSize: 2 })
      .set(auditor.auth)
      .expect(200);
    expect(paged.body).toMatchObject({ page: 2, pageSize: 2, total: all.body.total });
    expect(paged.body.items).toEqual(all.body.items.slice(2, 4));

    const badFilter = await t
      .http()
      .get('/api/v1/ineligible-enterprises')
      .query({ neq: '123' })
      .set(admin.auth)
      .expect(400);
    expect(badFilter.body.error.details.fields[0].path).toBe('neq');
  });

  describe('isIneligible: the database clock, Montreal calendar day, bounds inclusive', () => {
    it.each([
      { label: 'ended yesterday', from: `${TODAY} - 30`, to: `${TODAY} - 1`, expected: false },
      { label: 'starts tomorrow', from: `${TODAY} + 1`, to: `${TODAY} + 30`, expected: false },
      { label: 'starts tomorrow, open-ended', from: `${TODAY} + 1`, to: null, expected: false },
      { label: 'current', from: `${TODAY} - 10`, to: `${TODAY} + 10`, expected: true },
      { label: 'first day is today', from: TODAY, to: `${TODAY} + 10`, expected: true },
      { label: 'last day is today', from: `${TODAY} - 10`, to: TODAY, expected: true },
      { label: 'one single day, today', from: TODAY, to: TODAY, expected: true },
      { label: 'open-ended since long ago', from: `${TODAY} - 3650`, to: null, expected: true },
    ])('$label → ineligible: $expected', async ({ from, to, expected }) => {
      const neq = nextNeq();
      const id = await insertRow(neq, from, to);
      const found = await register.isIneligible(t.dataSource.manager, neq);
      if (expected) expect(found?.id).toBe(id);
      else expect(found).toBeNull();
    });

    it('answers for the NEQ asked only, and picks a row in effect among several', async () => {
      const neq = nextNeq();
      await insertRow(neq, `${TODAY} - 100`, `${TODAY} - 50`);
      const current = await insertRow(neq, `${TODAY} - 5`, null);
      await insertRow(neq, `${TODAY} + 5`, null);
      expect((await register.isIneligible(t.dataSource.manager, neq))?.id).toBe(current);
      expect(await register.isIneligible(t.dataSource.manager, nextNeq())).toBeNull();
    });

    it("reads in the caller's transaction (an uncommitted row counts there, and nowhere else)", async () => {
      const neq = nextNeq();
      const outcome = t.dataSource.transaction(async (em) => {
        await em.query(
          `INSERT INTO ineligible_enterprise (neq, name, effective_from) VALUES ($1, 'En cours', ${TODAY})`,
          [neq],
        );
        expect(await register.isIneligible(em, neq)).not.toBeNull();
        expect(await register.isIneligible(t.dataSource.manager, neq)).toBeNull();
        throw new Error('rollback');
      });
      await expect(outcome).rejects.toThrow('rollback');
      expect(await register.isIneligible(t.dataSource.manager, neq)).toBeNull();
    });
  });
});
