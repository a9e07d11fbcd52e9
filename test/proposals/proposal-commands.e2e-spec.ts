import { createHash } from 'node:crypto';
import { canonicalJson } from '../../src/common/util/canonical-json';
import {
  addVendorMember,
  buyerOfNewPublicBody,
  createProposal,
  dbTimeIn,
  expectEnvelope,
  loginAsAdmin,
  nextNeq,
  OpportunityBody,
  proposalBody,
  publishOpportunity,
  registerVendor,
  seedVendor,
  Session,
  setDeadlines,
  submitProposal,
  withdrawProposal,
} from '../support/scenario';
import { SmtpSink } from '../support/smtp-sink';
import { startTestApp, TestApp } from '../support/test-app';

const MAX_BYTES = 2048;

/** Proposal commands through HTTP (domain.md §5, P1–P10), on PostgreSQL + Redis. */
describe('Proposals, write side (PostgreSQL + Redis)', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let admin: Session;
  let buyer: Session & { publicBodyId: string };
  let opp: OpportunityBody;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await startTestApp({
      label: 'propcmd',
      env: {
        MIN_TENDER_PERIOD_DAYS: '0',
        QUESTIONS_CLOSE_HOURS: '0',
        SMTP_URL: sink.url,
        PROPOSAL_ATTACHMENT_MAX_BYTES: String(MAX_BYTES),
      },
    });
    admin = await loginAsAdmin(t);
    buyer = await buyerOfNewPublicBody(t, admin);
    opp = await publishOpportunity(t, { admin, buyer }, { proposalDeadline: await dbTimeIn(t, '30 days') });
  });

  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  const patch = (who: Session, id: string, body: Record<string, unknown>) =>
    t.http().patch(`/api/v1/proposals/${id}`).set(who.auth).send(body);
  const submit = (who: Session, id: string, key?: string, body: Record<string, unknown> = {}) => {
    const req = t.http().post(`/api/v1/proposals/${id}/submit`).set(who.auth);
    if (key) req.set('Idempotency-Key', key);
    return req.send(body);
  };
  const create = (who: Session, oppId: string, body: Record<string, unknown>) =>
    t.http().post(`/api/v1/opportunities/${oppId}/proposals`).set(who.auth).send(body);
  const upload = (who: Session, id: string, content: Buffer, filename: string, contentType: string) =>
    t
      .http()
      .post(`/api/v1/proposals/${id}/attachments`)
      .set(who.auth)
      .attach('file', content, { filename, contentType });

  it('creates a DRAFT whose price lives in proposal_price only', async () => {
    const vendor = await seedVendor(t);
    const res = await create(vendor, opp.id, proposalBody(opp, vendor.vendorId, { priceCents: 4_321_00 })).expect(201);
    expect(res.body).toMatchObject({
      status: 'DRAFT',
      version: 1,
      vendorId: vendor.vendorId,
      opportunityId: opp.id,
      priceCents: 4_321_00,
    });
    const [price] = await t.dataSource.query(`SELECT price_cents FROM proposal_price WHERE proposal_id = $1`, [
      res.body.id,
    ]);
    expect(price.price_cents).toBe(4_321_00);
    const [row] = await t.dataSource.query(`SELECT to_jsonb(p) AS row FROM proposal p WHERE id = $1`, [res.body.id]);
    expect(JSON.stringify(row.row)).not.toContain('432100');
  });

  it('P1: one non-withdrawn proposal per organization (409 DUPLICATE_PROPOSAL), a withdrawn one frees the place', async () => {
    const vendor = await seedVendor(t);
    const first = await createProposal(t, vendor, opp.id, proposalBody(opp, vendor.vendorId));
    const dup = await create(vendor, opp.id, proposalBody(opp, vendor.vendorId)).expect(409);
    expectEnvelope(dup, 'DUPLICATE_PROPOSAL');
    await withdrawProposal(t, vendor, first.id);
    const second = await createProposal(t, vendor, opp.id, proposalBody(opp, vendor.vendorId));
    // Re-submitting the withdrawn one would make two active proposals.
    await submitProposal(t, vendor, second.id);
    expectEnvelope(await submit(vendor, first.id).expect(409), 'DUPLICATE_PROPOSAL');
  });

  it.each([
    ['zero', 0],
    ['negative', -100],
    ['above the estimated value', 6_500_001],
  ])('P3: a %s price is 422 INVALID_PRICE (create and edit)', async (_what, priceCents) => {
    const vendor = await seedVendor(t);
    expectEnvelope(
      await create(vendor, opp.id, proposalBody(opp, vendor.vendorId, { priceCents })).expect(422),
      'INVALID_PRICE',
    );
    const draft = await createProposal(t, vendor, opp.id, proposalBody(opp, vendor.vendorId));
    expectEnvelope(await patch(vendor, draft.id, { priceCents }).expect(422), 'INVALID_PRICE');
    await patch(vendor, draft.id, { priceCents: opp.estimatedValueCents }).expect(200);
  });

  it('P3: submission needs a price', async () => {
    const vendor = await seedVendor(t);
    const { priceCents: _omitted, ...body } = proposalBody(opp, vendor.vendorId);
    const draft = await createProposal(t, vendor, opp.id, body);
    const res = await submit(vendor, draft.id).expect(422);
    expectEnvelope(res, 'INVALID_PRICE');
    expect(res.body.error.details.reason).toBe('missing');
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['terms', { acceptTerms: false, acceptLicense: true, conflictOfInterest: { declared: false } }, ['acceptTerms']],
    [
      'licence',
      { acceptTerms: true, acceptLicense: false, conflictOfInterest: { declared: false } },
      ['acceptLicense'],
    ],
    ['statement', { acceptTerms: true, acceptLicense: true, conflictOfInterest: null }, ['conflictOfInterest']],
    [
      'description of a declared conflict',
      { acceptTerms: true, acceptLicense: true, conflictOfInterest: { declared: true } },
      ['conflictOfInterest.description'],
    ],
    ['any attestation', {}, ['acceptTerms', 'acceptLicense', 'conflictOfInterest']],
  ])('P5: submission without the %s is 422 ATTESTATION_REQUIRED', async (_what, attestations, missing) => {
    const vendor = await seedVendor(t);
    const draft = await createProposal(t, vendor, opp.id, proposalBody(opp, vendor.vendorId, { attestations }));
    const res = await submit(vendor, draft.id).expect(422);
    expectEnvelope(res, 'ATTESTATION_REQUIRED');
    expect(res.body.error.details.missing).toEqual(missing);
  });

  it('P6: every criterion needs a non-empty response (422 INCOMPLETE_PROPOSAL), unknown criteria are refused', async () => {
    const vendor = await seedVendor(t);
    const body = proposalBody(opp, vendor.vendorId);
    const draft = await createProposal(t, vendor, opp.id, { ...body, responses: body.responses.slice(0, 2) });
    const res = await submit(vendor, draft.id).expect(422);
    expectEnvelope(res, 'INCOMPLETE_PROPOSAL');
    expect(res.body.error.details.missingCriterionIds).toEqual([opp.criteria[2].id]);

    await patch(vendor, draft.id, { responses: [{ criterionId: opp.criteria[2].id, text: '   ' }] }).expect(200);
    expectEnvelope(await submit(vendor, draft.id).expect(422), 'INCOMPLETE_PROPOSAL');

    const unknown = '00000000-0000-4000-8000-000000000000';
    const bad = await patch(vendor, draft.id, { responses: [{ criterionId: unknown, text: 'x' }] }).expect(422);
    expectEnvelope(bad, 'INCOMPLETE_PROPOSAL');
    expect(bad.body.error.details.unknownCriterionIds).toEqual([unknown]);

    await patch(vendor, draft.id, { responses: [{ criterionId: opp.criteria[2].id, text: 'Complet.' }] }).expect(200);
    await submitProposal(t, vendor, draft.id);
  });

  it('P4: an organization on the ineligible register cannot submit (422 VENDOR_INELIGIBLE)', async () => {
    const vendor = await seedVendor(t);
    const draft = await createProposal(t, vendor, opp.id, proposalBody(opp, vendor.vendorId));
    await t.dataSource.query(
      `INSERT INTO ineligible_enterprise (neq, name, effective_from) VALUES ($1, 'Inadmissible', (now() AT TIME ZONE 'America/Montreal')::date)`,
      [vendor.neq],
    );
    expectEnvelope(await submit(vendor, draft.id).expect(422), 'VENDOR_INELIGIBLE');
    const [row] = await t.dataSource.query(`SELECT status FROM proposal WHERE id = $1`, [draft.id]);
    expect(row.status).toBe('DRAFT');
  });

  it('P2: after the deadline, or once the opportunity is no longer PUBLISHED, every write is 409 DEADLINE_PASSED', async () => {
    const closing = await publishOpportunity(t, { admin, buyer }, { proposalDeadline: await dbTimeIn(t, '30 days') });
    const vendor = await seedVendor(t);
    const draft = await createProposal(t, vendor, closing.id, proposalBody(closing, vendor.vendorId));
    const submitted = await seedVendor(t);
    const done = await createProposal(t, submitted, closing.id, proposalBody(closing, submitted.vendorId));
    await submitProposal(t, submitted, done.id);
    const attached = await upload(
      vendor,
      draft.id,
      Buffer.from('%PDF-1.4 annexe'),
      'annexe.pdf',
      'application/pdf',
    ).expect(201);

    await setDeadlines(t, closing.id, { proposal: '-1 second' });
    const late = await seedVendor(t);
    const attempts = [
      create(late, closing.id, proposalBody(closing, late.vendorId)),
      patch(vendor, draft.id, { priceCents: 100 }),
      submit(vendor, draft.id),
      t.http().post(`/api/v1/proposals/${done.id}/withdraw`).set(submitted.auth),
      upload(vendor, draft.id, Buffer.from('x'), 'x.txt', 'text/plain'),
      t.http().delete(`/api/v1/proposals/${draft.id}/attachments/${attached.body.id}`).set(vendor.auth),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(409);
      expectEnvelope(res, 'DEADLINE_PASSED');
    }

    const cancelled = await publishOpportunity(t, { admin, buyer }, { proposalDeadline: await dbTimeIn(t, '30 days') });
    await t.dataSource.query(`UPDATE opportunity SET status = 'CANCELLED' WHERE id = $1`, [cancelled.id]);
    expectEnvelope(
      await create(late, cancelled.id, proposalBody(cancelled, late.vendorId)).expect(409),
      'DEADLINE_PASSED',
    );
  });

  it('P7: in invitation mode, only invited organizations may answer (others: 404)', async () => {
    const invited = await seedVendor(t);
    const outsider = await seedVendor(t);
    const restricted = await publishOpportunity(
      t,
      { admin, buyer },
      { procurementMode: 'invitation' },
      { invite: [invited.vendorId] },
    );
    expectEnvelope(
      await create(outsider, restricted.id, proposalBody(restricted, outsider.vendorId)).expect(404),
      'NOT_FOUND',
    );
    await createProposal(t, invited, restricted.id, proposalBody(restricted, invited.vendorId));

    // A member of an invited organization sees the opportunity, but cannot answer for another, uninvited one.
    const [{ id: secondOrg }] = await t.dataSource.query(
      `INSERT INTO vendor_organization (legal_name, neq, size, email, city, province, postal_code)
       VALUES ('Autre inc.', $1, 'micro', 'autre@exemple.quebec', 'Laval', 'QC', 'H7N 1A1') RETURNING id`,
      [nextNeq()],
    );
    await t.dataSource.query(`INSERT INTO vendor_membership (vendor_id, user_id, role) VALUES ($1, $2, 'owner')`, [
      secondOrg,
      invited.userId,
    ]);
    expectEnvelope(await create(invited, restricted.id, proposalBody(restricted, secondOrg)).expect(404), 'NOT_FOUND');
  });

  it('P8: only members of the organization act on its proposal (others 404, non-vendors 403)', async () => {
    const owner = await seedVendor(t);
    const other = await seedVendor(t);
    const draft = await createProposal(t, owner, opp.id, proposalBody(opp, owner.vendorId));
    expectEnvelope(await create(other, opp.id, proposalBody(opp, owner.vendorId)).expect(404), 'NOT_FOUND');
    expectEnvelope(await patch(other, draft.id, { priceCents: 100 }).expect(404), 'NOT_FOUND');
    expectEnvelope(await submit(other, draft.id).expect(404), 'NOT_FOUND');
    expectEnvelope(
      await t.http().post(`/api/v1/proposals/${draft.id}/withdraw`).set(other.auth).expect(404),
      'NOT_FOUND',
    );
    expectEnvelope(await upload(other, draft.id, Buffer.from('x'), 'x.txt', 'text/plain').expect(404), 'NOT_FOUND');
    expectEnvelope(await patch(buyer, draft.id, { priceCents: 100 }).expect(403), 'FORBIDDEN');
    expectEnvelope(await create(admin, opp.id, proposalBody(opp, owner.vendorId)).expect(403), 'FORBIDDEN');
  });

  it('P8: a plain member (role member) edits, submits and withdraws a proposal the owner wrote; once removed, 404 on it', async () => {
    const owner = await seedVendor(t);
    const colleague = await registerVendor(t, 'Collègue');
    expect(await addVendorMember(t, owner, owner.vendorId, colleague, 'member')).toMatchObject({
      userId: colleague.userId,
      role: 'member',
    });
    const draft = await createProposal(t, owner, opp.id, proposalBody(opp, owner.vendorId));

    const edited = await patch(colleague, draft.id, {
      priceCents: 150_000,
      responses: [{ criterionId: opp.criteria[0].id, text: 'Revu par un collègue.' }],
    }).expect(200);
    expect(edited.body).toMatchObject({ id: draft.id, status: 'DRAFT', version: 2, priceCents: 150_000 });
    const file = await upload(
      colleague,
      draft.id,
      Buffer.from('annexe du collègue'),
      'annexe.txt',
      'text/plain',
    ).expect(201);
    const receipt = await submitProposal(t, colleague, draft.id, 'collegue-1');
    expect(receipt).toMatchObject({ id: draft.id, status: 'SUBMITTED', version: 4 });
    const withdrawn = await withdrawProposal(t, colleague, draft.id);
    expect(withdrawn).toMatchObject({ status: 'WITHDRAWN', version: 5 });

    const versions = await t.dataSource.query(
      `SELECT version, changed_by_id FROM proposal_version WHERE proposal_id = $1 ORDER BY version`,
      [draft.id],
    );
    expect(versions).toEqual([1, 2, 3, 4].map((version) => ({ version, changed_by_id: colleague.userId })));
    const [row] = await t.dataSource.query(`SELECT author_id, status FROM proposal WHERE id = $1`, [draft.id]);
    expect(row).toEqual({ author_id: owner.userId, status: 'WITHDRAWN' });

    // Removed from the organization: the owner's new proposal, and the old one, are as if they did not exist.
    const again = await createProposal(t, owner, opp.id, proposalBody(opp, owner.vendorId));
    await t.http().delete(`/api/v1/vendors/${owner.vendorId}/members/${colleague.userId}`).set(owner.auth).expect(204);
    for (const id of [again.id, draft.id]) {
      expectEnvelope(await patch(colleague, id, { priceCents: 100 }).expect(404), 'NOT_FOUND');
      expectEnvelope(await submit(colleague, id).expect(404), 'NOT_FOUND');
      expectEnvelope(
        await t.http().post(`/api/v1/proposals/${id}/withdraw`).set(colleague.auth).expect(404),
        'NOT_FOUND',
      );
      expectEnvelope(await upload(colleague, id, Buffer.from('x'), 'x.txt', 'text/plain').expect(404), 'NOT_FOUND');
      expectEnvelope(await t.http().get(`/api/v1/proposals/${id}`).set(colleague.auth).expect(404), 'NOT_FOUND');
    }
    expectEnvelope(
      await t
        .http()
        .delete(`/api/v1/proposals/${draft.id}/attachments/${file.body.id}`)
        .set(colleague.auth)
        .expect(404),
      'NOT_FOUND',
    );
    expectEnvelope(
      await t.http().get(`/api/v1/proposals/${draft.id}/attachments/${file.body.id}`).set(colleague.auth).expect(404),
      'NOT_FOUND',
    );
    expectEnvelope(
      await t.http().get(`/api/v1/vendors/${owner.vendorId}/proposals`).set(colleague.auth).expect(404),
      'NOT_FOUND',
    );
    const [unchanged] = await t.dataSource.query(`SELECT status, version FROM proposal WHERE id = $1`, [again.id]);
    expect(unchanged).toEqual({ status: 'DRAFT', version: 1 });
    await t.http().get(`/api/v1/proposals/${again.id}`).set(owner.auth).expect(200);
  });

  it('keeps the previous version on each edit, submission and withdrawal', async () => {
    const vendor = await seedVendor(t);
    const body = proposalBody(opp, vendor.vendorId, { priceCents: 100_000 });
    const draft = await createProposal(t, vendor, opp.id, body);
    const edited = await patch(vendor, draft.id, {
      priceCents: 200_000,
      responses: [{ criterionId: opp.criteria[0].id, text: 'Version deux.' }],
    }).expect(200);
    expect(edited.body.version).toBe(2);
    expect(edited.body.responses.find((r: { criterionId: string }) => r.criterionId === opp.criteria[0].id).text).toBe(
      'Version deux.',
    );
    expect(edited.body.responses).toHaveLength(3);
    expectEnvelope(await patch(vendor, draft.id, {}).expect(400), 'VALIDATION_FAILED');
    await patch(vendor, draft.id, { priceCents: 300_000 }).expect(200);
    const receipt = await submitProposal(t, vendor, draft.id);
    expect(receipt.version).toBe(4);
    await withdrawProposal(t, vendor, draft.id);

    const versions = await t.dataSource.query(
      `SELECT version, status, price_cents, responses FROM proposal_version WHERE proposal_id = $1 ORDER BY version`,
      [draft.id],
    );
    expect(
      versions.map((v: { version: number; status: string; price_cents: number }) => [
        v.version,
        v.status,
        v.price_cents,
      ]),
    ).toEqual([
      [1, 'DRAFT', 100_000],
      [2, 'DRAFT', 200_000],
      [3, 'DRAFT', 300_000],
      [4, 'SUBMITTED', 300_000],
    ]);
    expect(versions[0].responses[0].text).toBe(body.responses[0].text);
    const [row] = await t.dataSource.query(`SELECT status, version FROM proposal WHERE id = $1`, [draft.id]);
    expect(row).toEqual({ status: 'WITHDRAWN', version: 5 });
  });

  it('P10: the receipt hash is the SHA-256 of the canonical submitted content; the e-mail comes in the vendor’s language, without the price', async () => {
    const vendor = await seedVendor(t, { language: 'en' });
    const body = proposalBody(opp, vendor.vendorId, { priceCents: 1_234_567 });
    const draft = await createProposal(t, vendor, opp.id, body);
    const file = await upload(vendor, draft.id, Buffer.from('# Annexe\n'), 'annexe.md', 'text/markdown').expect(201);
    const receipt = await submitProposal(t, vendor, draft.id, 'recu-1');
    expect(receipt.status).toBe('SUBMITTED');

    const expected = createHash('sha256')
      .update(
        canonicalJson({
          opportunityId: opp.id,
          vendorId: vendor.vendorId,
          responses: [...body.responses].sort((a, b) => (a.criterionId < b.criterionId ? -1 : 1)),
          attestations: { ...body.attestations, conflictOfInterest: { declared: false, description: null } },
          priceCents: 1_234_567,
          attachments: [{ sha256: file.body.sha256, fileName: 'annexe.md' }],
          version: receipt.version,
        }),
      )
      .digest('hex');
    expect(receipt.receiptHash).toBe(expected);
    expect(file.body.sha256).toBe(createHash('sha256').update('# Annexe\n').digest('hex'));

    const mail = await sink.waitForMail((m) => m.to.includes(vendor.email.toLowerCase()));
    expect(mail.subject).toContain(`[${opp.reference}] Receipt for your proposal`);
    expect(mail.text).toContain(receipt.receiptHash);
    expect(mail.text).toContain(`Exact time: ${receipt.submittedAt}`);
    expect(mail.text).toContain('(Montréal time)');
    for (const part of [mail.text, mail.html, mail.subject]) {
      expect(part).not.toMatch(/1\s?234\s?567|12\s?345[.,]67/);
      expect(part).not.toContain(body.responses[0].text);
    }
  });

  it('editing a SUBMITTED proposal keeps it SUBMITTED and re-seals it (new receipt); an invalid edit leaves the submission intact', async () => {
    const vendor = await seedVendor(t);
    const draft = await createProposal(t, vendor, opp.id, proposalBody(opp, vendor.vendorId));
    const first = await submitProposal(t, vendor, draft.id);
    const edited = await patch(vendor, draft.id, { priceCents: 500_000 }).expect(200);
    expect(edited.body.status).toBe('SUBMITTED');
    expect(edited.body.receiptHash).not.toBe(first.receiptHash);
    expect(Date.parse(edited.body.submittedAt)).toBeGreaterThanOrEqual(Date.parse(first.submittedAt));

    expectEnvelope(
      await patch(vendor, draft.id, { responses: [{ criterionId: opp.criteria[1].id, text: '' }] }).expect(422),
      'INCOMPLETE_PROPOSAL',
    );
    const [row] = await t.dataSource.query(`SELECT status, receipt_hash, version FROM proposal WHERE id = $1`, [
      draft.id,
    ]);
    expect(row).toEqual({ status: 'SUBMITTED', receipt_hash: edited.body.receiptHash, version: edited.body.version });
    const receipts = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM notification WHERE entity_id = $1 AND template = 'proposal-receipt'`,
      [draft.id],
    );
    expect(receipts[0].n).toBe(2);
  });

  describe('attachments', () => {
    let vendor: Session & { vendorId: string };
    let draftId: string;

    beforeAll(async () => {
      vendor = await seedVendor(t);
      draftId = (await createProposal(t, vendor, opp.id, proposalBody(opp, vendor.vendorId))).id;
    });

    it('stores the file with its SHA-256, and marks it removed on DELETE', async () => {
      const content = Buffer.from('%PDF-1.7 plan de travail');
      const res = await upload(vendor, draftId, content, 'plan.pdf', 'application/pdf').expect(201);
      expect(res.body).toMatchObject({
        fileName: 'plan.pdf',
        contentType: 'application/pdf',
        sizeBytes: content.length,
        sha256: createHash('sha256').update(content).digest('hex'),
      });
      const [stored] = await t.dataSource.query(`SELECT content FROM proposal_attachment WHERE id = $1`, [res.body.id]);
      expect(Buffer.compare(stored.content, content)).toBe(0);

      await t.http().delete(`/api/v1/proposals/${draftId}/attachments/${res.body.id}`).set(vendor.auth).expect(204);
      const [removed] = await t.dataSource.query(`SELECT removed_at FROM proposal_attachment WHERE id = $1`, [
        res.body.id,
      ]);
      expect(removed.removed_at).toBeInstanceOf(Date);
      expectEnvelope(
        await t.http().delete(`/api/v1/proposals/${draftId}/attachments/${res.body.id}`).set(vendor.auth).expect(404),
        'NOT_FOUND',
      );
    });

    it('refuses a file above PROPOSAL_ATTACHMENT_MAX_BYTES (413 PAYLOAD_TOO_LARGE)', async () => {
      const res = await upload(vendor, draftId, Buffer.alloc(MAX_BYTES + 1, 65), 'gros.txt', 'text/plain');
      expect(res.status).toBe(413);
      expectEnvelope(res, 'PAYLOAD_TOO_LARGE');
    });

    it.each([
      ['an executable', 'application/x-msdownload', 'virus.exe'],
      ['HTML', 'text/html', 'page.html'],
    ])('refuses %s (VALIDATION_FAILED on file)', async (_what, contentType, name) => {
      const res = await upload(vendor, draftId, Buffer.from('MZ'), name, contentType).expect(400);
      expectEnvelope(res, 'VALIDATION_FAILED');
      expect(res.body.error.details.fields[0].path).toBe('file');
    });

    it('refuses a request without a file', async () => {
      const res = await t
        .http()
        .post(`/api/v1/proposals/${draftId}/attachments`)
        .set(vendor.auth)
        .field('other', 'x')
        .expect(400);
      expect(res.body.error.details.fields[0].path).toBe('file');
    });
  });

  it('never writes sealed content (responses, price, file names, receipt hash) into the audit log', async () => {
    const vendor = await seedVendor(t);
    const body = proposalBody(opp, vendor.vendorId, { priceCents: 3_141_592 });
    const draft = await createProposal(t, vendor, opp.id, body);
    await upload(vendor, draft.id, Buffer.from('secret'), 'strategie-secrete.txt', 'text/plain').expect(201);
    await patch(vendor, draft.id, { priceCents: 2_718_281 }).expect(200);
    const receipt = await submitProposal(t, vendor, draft.id);
    await withdrawProposal(t, vendor, draft.id);
    // Straight from the table: the audit API itself hides proposal events until the deadline.
    const events = (await t.dataSource.query(`SELECT action, data FROM audit_event WHERE entity_id = $1`, [
      draft.id,
    ])) as { action: string; data: Record<string, unknown> }[];
    expect(events.map((e) => e.action).sort()).toEqual([
      'proposals.attachments.add',
      'proposals.create',
      'proposals.submit',
      'proposals.update',
      'proposals.withdraw',
    ]);
    const text = JSON.stringify(events);
    // The receipt hash covers content and price: with the content (auditors read it after the
    // deadline) a price could be found by trying every amount, so it stays out of the log too.
    for (const secret of ['3141592', '2718281', 'strategie-secrete', body.responses[0].text, receipt.receiptHash])
      expect(text).not.toContain(secret);
    expect(events.find((e) => e.action === 'proposals.submit')!.data).toMatchObject({
      submittedAt: receipt.submittedAt,
      status: 'SUBMITTED',
    });
  });
});
