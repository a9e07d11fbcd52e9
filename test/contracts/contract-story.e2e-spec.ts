import { createHash } from 'node:crypto';
import { ContractCommandsService } from '../../src/contracts/contract-commands.service';
import { auditEventsFor, createAccount, expectEnvelope, Session } from '../support/scenario';
import { tarGz } from './support/archives';
import {
  api,
  AwardedContract,
  awardedContract,
  checkedDeliverable,
  ContractsWorld,
  contractsWorld,
  projectEntries,
} from './support/contract-scenario';

/**
 * The whole contract (domain.md §7) on real PostgreSQL and Redis: award → amendment → a real
 * .tar.gz delivered → every check passes → acceptance (forge publication queued) → the
 * publication stand-in marks it PUBLISHED → payments → PAID; every step audited, chain valid.
 */
describe('Contract story: award to payment', () => {
  let w: ContractsWorld;
  let c: AwardedContract;
  let auditor: Session;
  let deliverableId: string;
  let archive: Buffer;

  beforeAll(async () => {
    w = await contractsWorld('contract-story');
    auditor = await createAccount(w.t, w.admin, 'auditor');
    c = await awardedContract(w, { priceCents: 5_000_000 });
  });

  afterAll(async () => {
    await w?.close();
  });

  it('starts ACTIVE at the awarded price', async () => {
    const res = await w.t
      .http()
      .get(api(`/contracts/${c.contractId}`))
      .set(c.supplier.auth)
      .expect(200);
    expect(res.body).toMatchObject({
      reference: c.reference,
      status: 'ACTIVE',
      initialAmountCents: 5_000_000,
      totalAmountCents: 5_000_000,
      license: 'LiLiQ-P-1.1',
      amendments: [],
      deliverables: [],
      payments: [],
      publication: null,
    });
  });

  it('records an amendment within the limit', async () => {
    const res = await w.t
      .http()
      .post(api(`/contracts/${c.contractId}/amendments`))
      .set(w.owning.auth)
      .send({ amountCents: 250_000, justification: 'Ajout d’un module d’exportation' })
      .expect(201);
    expect(res.body).toMatchObject({ number: 1, amountCents: 250_000 });
    const view = await w.t
      .http()
      .get(api(`/contracts/${c.contractId}`))
      .set(w.owning.auth)
      .expect(200);
    expect(view.body.totalAmountCents).toBe(5_250_000);
  });

  it('takes the delivered .tar.gz, streamed, with its SHA-256, then every check passes', async () => {
    archive = tarGz(projectEntries(c.supplierName));
    const res = await w.t
      .http()
      .post(api(`/contracts/${c.contractId}/deliverables`))
      .set(c.supplier.auth)
      .attach('archive', archive, 'rendez-vous-1.0.tar.gz')
      .expect(201);
    expect(res.body).toMatchObject({ sha256: createHash('sha256').update(archive).digest('hex'), checks: [] });
    deliverableId = res.body.id;
    const d = await checkedDeliverable(w, w.owning, c.contractId, deliverableId);
    expect(d.checks.map((x) => [x.name, x.passed])).toEqual([
      ['readme', true],
      ['license', true],
      ['publiccode', true],
      ['secrets', true],
    ]);
    expect(d.manifestSize).toBe(5);
    const [row] = await w.sql(`SELECT manifest FROM contract_deliverable WHERE id = $1`, [deliverableId]);
    const readme = (row.manifest as { path: string; sha256: string }[]).find((e) => e.path === 'projet/README.md');
    expect(readme?.sha256).toBe(
      createHash('sha256')
        .update('# Module de rendez-vous\n\nPrise de rendez-vous en ligne pour les citoyens.\n')
        .digest('hex'),
    );
    const view = await w.t
      .http()
      .get(api(`/contracts/${c.contractId}`))
      .set(auditor.auth)
      .expect(200);
    expect(view.body.status).toBe('DELIVERED');
  });

  it('refuses acceptance while a criterion is not marked met', async () => {
    const res = await w.t
      .http()
      .post(api(`/contracts/${c.contractId}/accept`))
      .set(w.owning.auth)
      .send({ deliverableId, criteria: [{ index: 0, met: false }] })
      .expect(422);
    expectEnvelope(res, 'DELIVERABLE_NOT_ACCEPTABLE');
    expect(res.body.error.details).toMatchObject({ unmetCriteria: [0], failedChecks: [] });
  });

  it('refuses a payment before publication', async () => {
    const res = await w.t
      .http()
      .post(api(`/contracts/${c.contractId}/payments`))
      .set(w.owning.auth)
      .send({ invoiceNumber: 'F-001', amountCents: 1_000 })
      .expect(409);
    expectEnvelope(res, 'INVALID_TRANSITION');
  });

  it('accepts: ACCEPTED, publication PENDING and queued, e-mails recorded', async () => {
    const res = await w.t
      .http()
      .post(api(`/contracts/${c.contractId}/accept`))
      .set(w.owning.auth)
      .send({ deliverableId, criteria: [{ index: 0, met: true }] })
      .expect(200);
    expect(res.body).toEqual({ status: 'ACCEPTED' });
    const pub = await w.t
      .http()
      .get(api(`/contracts/${c.contractId}/publication`))
      .set(c.supplier.auth)
      .expect(200);
    expect(pub.body).toEqual({
      status: 'PENDING',
      projectUrl: null,
      commitSha: null,
      releaseUrl: null,
      attempts: 0,
      lastError: null,
    });
    const jobs = await w.sql(`SELECT name, payload FROM job_outbox WHERE job_id = $1`, [
      `forge.publish:${c.contractId}`,
    ]);
    expect(jobs).toEqual([{ name: 'forge.publish', payload: { contractId: c.contractId } }]);
    const mails = await w.sql(
      `SELECT recipient_email FROM notification WHERE template = 'contract-accepted' AND entity_id = $1 ORDER BY 1`,
      [c.contractId],
    );
    expect(mails.map((m) => m.recipient_email)).toEqual(
      [c.supplier.email, w.owning.email].map((e) => e.toLowerCase()).sort(),
    );
  });

  it('becomes PUBLISHED through the publication stand-in', async () => {
    await w.t.app.get(ContractCommandsService).markPublished(c.contractId, {
      projectUrl: 'https://forge.example.quebec/gouv/rendez-vous',
      commitSha: 'a'.repeat(40),
      releaseUrl: 'https://forge.example.quebec/gouv/rendez-vous/-/releases/v1.0.0',
    });
    const pub = await w.t
      .http()
      .get(api(`/contracts/${c.contractId}/publication`))
      .set(w.owning.auth)
      .expect(200);
    expect(pub.body).toMatchObject({ status: 'DONE', commitSha: 'a'.repeat(40) });
  });

  it('records payments up to the total, then PAID', async () => {
    const pay = (invoiceNumber: string, amountCents: number) =>
      w.t
        .http()
        .post(api(`/contracts/${c.contractId}/payments`))
        .set(w.owning.auth)
        .send({ invoiceNumber, amountCents });
    await pay('F-2027-001', 3_000_000).expect(201);
    expectEnvelope(await pay('F-2027-001', 1_000).expect(409), 'DUPLICATE_INVOICE');
    const over = await pay('F-2027-002', 2_250_001).expect(422);
    expectEnvelope(over, 'PAYMENT_LIMIT_EXCEEDED');
    expect(over.body.error.details).toMatchObject({ remainingCents: 2_250_000 });
    await pay('F-2027-002', 2_250_000).expect(201);
    const view = await w.t
      .http()
      .get(api(`/contracts/${c.contractId}`))
      .set(auditor.auth)
      .expect(200);
    expect(view.body).toMatchObject({ status: 'PAID', paidCents: 5_250_000, totalAmountCents: 5_250_000 });
    expect(view.body.payments.map((p: { invoiceNumber: string }) => p.invoiceNumber)).toEqual([
      'F-2027-001',
      'F-2027-002',
    ]);
    expectEnvelope(
      await w.t
        .http()
        .post(api(`/contracts/${c.contractId}/terminate`))
        .set(w.owning.auth)
        .send({ reason: 'Trop tard' })
        .expect(409),
      'INVALID_TRANSITION',
    );
  });

  it('audited every step, and the chain is valid', async () => {
    const events = await auditEventsFor(w.t, auditor, c.contractId);
    expect(events.map((e) => e.action)).toEqual([
      'contract.create',
      'contract.amend',
      'contract.deliver',
      'contract.deliverable-checked',
      'contract.accept',
      'contract.publish',
      'contract.payment',
      'contract.payment',
      'contract.paid',
    ]);
    const verify = await w.t.http().get(api('/audit/verify')).set(auditor.auth).expect(200);
    expect(verify.body).toMatchObject({ valid: true, firstBrokenSeq: null });
  });
});
