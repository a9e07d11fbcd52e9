import { createAccount, expectEnvelope, seedVendor, Session, buyerOfNewPublicBody } from '../support/scenario';
import { tarGz } from './support/archives';
import {
  api,
  AwardedContract,
  awardedContract,
  ContractsWorld,
  contractsWorld,
  projectEntries,
} from './support/contract-scenario';

/**
 * Amendments at their limits (AMENDMENT_MAX_PERCENT = 10, PROGRAM_CAP_CENTS = 9 000 000),
 * under concurrency too, and who reaches the contract routes (404 for everyone else).
 */
describe('Contract amendments and access', () => {
  let w: ContractsWorld;

  beforeAll(async () => {
    w = await contractsWorld('contract-amendments', { redis: false });
  });

  afterAll(async () => {
    await w?.close();
  });

  const amend = (who: Session | null, contractId: string, amountCents: number) => {
    const req = w.t.http().post(api(`/contracts/${contractId}/amendments`));
    if (who) req.set(who.auth);
    return req.send({ amountCents, justification: 'Ajustement de la portée' });
  };
  const total = async (contractId: string) =>
    (
      await w.t
        .http()
        .get(api(`/contracts/${contractId}`))
        .set(w.owning.auth)
        .expect(200)
    ).body.totalAmountCents;

  describe('limits', () => {
    it('takes exactly 10 %, refuses 1 cent more', async () => {
      const c = await awardedContract(w, { priceCents: 5_000_000 });
      const over = await amend(w.owning, c.contractId, 500_001).expect(422);
      expectEnvelope(over, 'AMENDMENT_LIMIT_EXCEEDED');
      expect(over.body.error.details).toMatchObject({ reason: 'percent', maxAmendedCents: 500_000 });
      await amend(w.owning, c.contractId, 500_000).expect(201);
      expectEnvelope(await amend(w.owning, c.contractId, 1).expect(422), 'AMENDMENT_LIMIT_EXCEEDED');
      expect(await total(c.contractId)).toBe(5_500_000);
    });

    it('refuses a total reaching the program cap', async () => {
      const c = await awardedContract(w, { priceCents: 8_500_000 });
      const res = await amend(w.owning, c.contractId, 500_000).expect(422);
      expect(res.body.error.details).toMatchObject({ reason: 'program-cap', programCapCents: 9_000_000 });
      await amend(w.owning, c.contractId, 499_999).expect(201);
      expect(await total(c.contractId)).toBe(8_999_999);
    });

    it('takes a reduction, never to zero', async () => {
      const c = await awardedContract(w, { priceCents: 1_000_000 });
      await amend(w.owning, c.contractId, -400_000).expect(201);
      expectEnvelope(await amend(w.owning, c.contractId, -600_000).expect(422), 'AMENDMENT_LIMIT_EXCEEDED');
      expect(await total(c.contractId)).toBe(600_000);
    });

    it('lets only one of two concurrent amendments through when together they pass the limit', async () => {
      const c = await awardedContract(w, { priceCents: 5_000_000 });
      const results = await Promise.all([
        amend(w.owning, c.contractId, 300_000),
        amend(w.owning, c.contractId, 300_000),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 422]);
      expect(await total(c.contractId)).toBe(5_300_000);
    });
  });

  describe('access', () => {
    let c: AwardedContract;
    let auditor: Session;
    let otherVendor: Session;
    let otherBuyer: Session;

    beforeAll(async () => {
      c = await awardedContract(w);
      auditor = await createAccount(w.t, w.admin, 'auditor');
      otherVendor = await seedVendor(w.t);
      otherBuyer = await buyerOfNewPublicBody(w.t, w.admin);
    });

    const routes = (id: string) => [
      (r: ReturnType<ContractsWorld['t']['http']>) => r.get(api(`/contracts/${id}`)),
      (r: ReturnType<ContractsWorld['t']['http']>) => r.get(api(`/contracts/${id}/publication`)),
      (r: ReturnType<ContractsWorld['t']['http']>) =>
        r.post(api(`/contracts/${id}/amendments`)).send({ amountCents: 100, justification: 'Essai' }),
      (r: ReturnType<ContractsWorld['t']['http']>) =>
        r.post(api(`/contracts/${id}/deliverables`)).attach('archive', tarGz(projectEntries('X')), 'a.tar.gz'),
      (r: ReturnType<ContractsWorld['t']['http']>) =>
        r.post(api(`/contracts/${id}/accept`)).send({ deliverableId: id, criteria: [{ index: 0, met: true }] }),
      (r: ReturnType<ContractsWorld['t']['http']>) =>
        r.post(api(`/contracts/${id}/payments`)).send({ invoiceNumber: 'F-1', amountCents: 100 }),
      (r: ReturnType<ContractsWorld['t']['http']>) =>
        r.post(api(`/contracts/${id}/terminate`)).send({ reason: 'Essai' }),
    ];

    it.each(['a vendor of another organization', 'a buyer of another body', 'an anonymous caller'])(
      '%s gets 404 on every contract route',
      async (who) => {
        const session = who.startsWith('a vendor') ? otherVendor : who.startsWith('a buyer') ? otherBuyer : null;
        for (const route of routes(c.contractId)) {
          const req = route(w.t.http());
          if (session) req.set(session.auth);
          expectEnvelope(await req.expect(404), 'NOT_FOUND');
        }
        const list = w.t.http().get(api('/contracts'));
        if (session) list.set(session.auth);
        expect((await list.expect(200)).body).toMatchObject({ items: [], total: 0 });
      },
    );

    it('lets an auditor read and not write', async () => {
      await w.t
        .http()
        .get(api(`/contracts/${c.contractId}`))
        .set(auditor.auth)
        .expect(200);
      const list = await w.t
        .http()
        .get(api('/contracts'))
        .query({ publicBodyId: w.owning.publicBodyId })
        .set(auditor.auth);
      expect(list.body.items.map((x: { id: string }) => x.id)).toContain(c.contractId);
      const [, , ...writes] = routes(c.contractId);
      for (const route of writes) expectEnvelope(await route(w.t.http()).set(auditor.auth).expect(403), 'FORBIDDEN');
      expect(await total(c.contractId)).toBe(5_000_000);
    });

    it('keeps writes to their side: the supplier cannot amend, the buyer cannot deliver', async () => {
      expectEnvelope(await amend(c.supplier, c.contractId, 100).expect(403), 'FORBIDDEN');
      const [, , , deliver] = routes(c.contractId);
      expectEnvelope(await deliver(w.t.http()).set(w.owning.auth).expect(403), 'FORBIDDEN');
    });

    it('lists the supplier its contracts, filtered by status', async () => {
      const active = await w.t
        .http()
        .get(api('/contracts'))
        .query({ status: 'ACTIVE' })
        .set(c.supplier.auth)
        .expect(200);
      expect(active.body.items.map((x: { id: string }) => x.id)).toEqual([c.contractId]);
      const paid = await w.t.http().get(api('/contracts')).query({ status: 'PAID' }).set(c.supplier.auth).expect(200);
      expect(paid.body.total).toBe(0);
    });

    it('terminates with a reason (owning buyer), and nothing moves afterwards', async () => {
      const t = await awardedContract(w);
      const res = await w.t
        .http()
        .post(api(`/contracts/${t.contractId}/terminate`))
        .set(w.owning.auth)
        .send({ reason: 'Fournisseur en défaut' })
        .expect(200);
      expect(res.body).toEqual({ status: 'TERMINATED' });
      expectEnvelope(await amend(w.owning, t.contractId, 100).expect(409), 'INVALID_TRANSITION');
      const view = await w.t
        .http()
        .get(api(`/contracts/${t.contractId}`))
        .set(t.supplier.auth)
        .expect(200);
      expect(view.body).toMatchObject({ status: 'TERMINATED', terminationReason: 'Fournisseur en défaut' });
    });
  });
});
