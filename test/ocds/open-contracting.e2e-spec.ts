import { OpportunityClosingService } from '../../src/opportunities/closing/opportunity-closing.service';
import { evaluationApi } from '../support/evaluation-api';
import {
  buyerOfNewPublicBody,
  createAccount,
  createProposal,
  expectEnvelope,
  loginAsAdmin,
  OpportunityBody,
  proposalBody,
  publishOpportunity,
  seedVendor,
  Session,
  setDeadlines,
  submitProposal,
} from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';
import { codelistErrors, codesUsed, schemaErrors } from './ocds-validator';

type Json = Record<string, any>;
type Vendor = Session & { vendorId: string; neq: string };

/**
 * OCDS 1.1 releases and packages of whole stories (domain.md §8, docs/open-data.md), over HTTP
 * on PostgreSQL: a public opportunity published, amended, closed, evaluated and awarded; an
 * invitation-mode one, unpublished until its award; a cancelled one. Every release and package
 * validates against the OCDS 1.1.5 schemas copied in src/ocds/schema, every code is in its
 * codelist, and no sealed value (a losing price, a response, a score) appears anywhere.
 */
describe('Open contracting data: OCDS releases and packages (domain.md §8)', () => {
  let t: TestApp;
  let admin: Session;
  let buyer: Session & { publicBodyId: string };
  let secretary: Session;
  let members: Session[];
  let publicStory: OpportunityBody;
  let invitationStory: OpportunityBody;
  let cancelledStory: OpportunityBody;
  /** Every sealed value of the stories: no release or package may contain one. */
  const sealed: string[] = [];
  let winner: { proposalId: string; vendor: Vendor; priceCents: number };
  let contractId: string;
  const routes = evaluationApi(() => t);
  const api = (path: string) => `/api/v1${path}`;

  const releasesOf = async (ocid: string) =>
    (await t.dataSource.query(`SELECT release FROM ocds_release WHERE ocid = $1 ORDER BY release_seq`, [ocid])).map(
      (r: { release: Json }) => r.release,
    ) as Json[];
  const releasePackage = (ocid: string) => t.http().get(api(`/ocds/releases/${ocid}`));
  const recordPackage = (ocid: string) => t.http().get(api(`/ocds/records/${ocid}`));
  const jsonl = async (query: Record<string, string> = {}) => {
    const res = await t
      .http()
      .get(api('/exports/releases.jsonl'))
      .query(query)
      .buffer(true)
      .parse(textParser as never)
      .expect(200);
    return (res.body as string)
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Json);
  };

  function expectValid(kind: 'release' | 'releasePackage' | 'recordPackage', data: Json) {
    expect(schemaErrors(kind, data)).toEqual([]);
    const releases: Json[] =
      kind === 'release'
        ? [data]
        : kind === 'releasePackage'
          ? data.releases
          : data.records.flatMap((r: Json) => [...r.releases, r.compiledRelease]);
    for (const r of releases) expect(codelistErrors(r)).toEqual([]);
  }

  function expectNothingSealed(data: unknown) {
    const text = JSON.stringify(data);
    for (const value of sealed) expect(text).not.toContain(value);
    expect(text).not.toMatch(/qualityScore|adjustedPrice|"rank"|responses|rationale du comité/i);
  }

  /** Drafts proposals, submits them, closes at the deadline, scores, locks and awards rank 1. */
  async function runToAward(o: OpportunityBody, bids: { priceCents: number; q: number; vendor?: Vendor }[]) {
    await t
      .http()
      .put(api(`/opportunities/${o.id}/committee`))
      .set(buyer.auth)
      .send({ secretaryId: secretary.userId, evaluatorIds: members.map((m) => m.userId) })
      .expect(200);
    const proposals: { id: string; vendor: Vendor; priceCents: number; q: number }[] = [];
    for (const [i, bid] of bids.entries()) {
      const vendor = bid.vendor ?? (await seedVendor(t));
      const marker = `Réponse scellée ${o.reference} n° ${i} ${vendor.neq}`;
      const draft = await createProposal(
        t,
        vendor,
        o.id,
        proposalBody(o, vendor.vendorId, {
          priceCents: bid.priceCents,
          responses: o.criteria.map((c, k) => ({ criterionId: c.id, text: `${marker} critère ${k}` })),
        }),
      );
      await submitProposal(t, vendor, draft.id);
      sealed.push(marker);
      proposals.push({ id: draft.id, vendor, priceCents: bid.priceCents, q: bid.q });
    }
    // Before the deadline, nothing of the proposals shows (not even their number).
    for (const r of await releasesOf(o.ocid)) expect(r.tender).not.toHaveProperty('numberOfTenderers');

    await setDeadlines(t, o.id, { questions: '-2 seconds', proposal: '-1 second' });
    await t.app.get(OpportunityClosingService).close(o.id);
    await routes.declare(secretary, o.id);
    for (const p of proposals) {
      await routes
        .putConsensus(secretary, p.id, {
          scores: o.criteria.map((c) => ({ criterionId: c.id, score: p.q, rationale: 'Rationale du comité' })),
        })
        .expect(200);
      sealed.push(p.q.toFixed(2), String(p.q));
    }
    const ranking = (await routes.lock(secretary, o.id).expect(200)).body as {
      items: { proposalId: string; rank: number | null; adjustedPriceCents: number | null }[];
    };
    const first = ranking.items.find((i) => i.rank === 1)!;
    for (const item of ranking.items) {
      if (item.adjustedPriceCents !== null)
        sealed.push(String(item.adjustedPriceCents), amount(item.adjustedPriceCents));
    }
    for (const p of proposals.filter((p) => p.id !== first.proposalId)) {
      sealed.push(String(p.priceCents), amount(p.priceCents));
    }
    await routes.award(buyer, o.id, { proposalId: first.proposalId }).expect(200);
    const w = proposals.find((p) => p.id === first.proposalId)!;
    return { proposalId: w.id, vendor: w.vendor, priceCents: w.priceCents };
  }

  beforeAll(async () => {
    t = await startTestApp({
      label: 'ocds',
      redis: false,
      env: { MIN_TENDER_PERIOD_DAYS: '0', QUESTIONS_CLOSE_HOURS: '0', ADDENDUM_MIN_DAYS: '0' },
    });
    admin = await loginAsAdmin(t);
    buyer = await buyerOfNewPublicBody(t, admin);
    secretary = await createAccount(t, admin, 'buyer', buyer.publicBodyId);
    members = [
      await createAccount(t, admin, 'buyer', buyer.publicBodyId),
      await createAccount(t, admin, 'buyer', buyer.publicBodyId),
      await createAccount(t, admin, 'evaluator'),
    ];
  });

  afterAll(async () => {
    await t?.close();
  });

  it('publication writes a `tender` release in the same transaction, open to anyone', async () => {
    publicStory = await publishOpportunity(t, { admin, buyer }, { estimatedValueCents: 8_000_000 });
    const [tender] = await releasesOf(publicStory.ocid);
    const [{ now }] = await t.dataSource.query(`SELECT now() AS now`);
    expect(tender).toMatchObject({
      ocid: publicStory.ocid,
      id: `${publicStory.ocid}-1`,
      tag: ['tender'],
      initiationType: 'tender',
      buyer: { name: expect.stringContaining('Ministère') },
      tender: {
        id: publicStory.reference,
        status: 'active',
        value: { amount: 80000, currency: 'CAD' },
        procurementMethod: 'open',
        awardCriteria: 'ratedCriteria',
        tenderPeriod: { startDate: publicStory.publishedAt, endDate: publicStory.proposalDeadline },
      },
    });
    expect(Date.parse(tender.date)).toBeLessThanOrEqual(new Date(now).getTime());
    // The release's id and date are its row's: the number and the transaction's time, to the millisecond.
    const [row] = await t.dataSource.query(
      `SELECT release_id, date FROM ocds_release WHERE ocid = $1 AND release_seq = 1`,
      [publicStory.ocid],
    );
    expect(tender.id).toBe(row.release_id);
    expect(tender.date).toBe(new Date(row.date).toISOString());
    expect(tender.parties).toEqual([expect.objectContaining({ roles: ['buyer', 'procuringEntity'] })]);
    expectValid('release', tender);

    const res = await releasePackage(publicStory.ocid).expect(200);
    expect(res.headers['cache-control']).toMatch(/public/);
    expect(res.headers.etag).toBeTruthy();
    expect(res.body).toMatchObject({ version: '1.1', publisher: { name: 'Secrétariat du Conseil du trésor' } });
    expect(res.body.license).toBe('https://creativecommons.org/licenses/by/4.0/');
    expectValid('releasePackage', res.body);
    // Same data, same ETag: the client revalidates for free.
    await releasePackage(publicStory.ocid).set('If-None-Match', res.headers.etag).expect(304);
  });

  it('an addendum writes a `tenderAmendment` release with the amendment', async () => {
    await t
      .http()
      .post(api(`/opportunities/${publicStory.id}/addenda`))
      .set(buyer.auth)
      .send({ body: { fr: 'Précision sur les livrables attendus.' }, affectsPrice: false })
      .expect(201);
    const releases = await releasesOf(publicStory.ocid);
    expect(releases.map((r) => r.tag)).toEqual([['tender'], ['tenderAmendment']]);
    expect(releases[1].id).toBe(`${publicStory.ocid}-2`);
    expect(releases[1].tender.amendments).toEqual([
      expect.objectContaining({ id: 'addenda-1', description: 'Précision sur les livrables attendus.' }),
    ]);
    expectValid('release', releases[1]);
  });

  it('closing, lock and award: tenderers counted from the deadline, named from the award, one contract', async () => {
    winner = await runToAward(publicStory, [
      { priceCents: 6_543_219, q: 91.37 },
      { priceCents: 7_123_457, q: 83.19 },
      { priceCents: 5_987_653, q: 64.21 },
    ]);
    const releases = await releasesOf(publicStory.ocid);
    expect(releases.map((r) => r.tag)).toEqual([
      ['tender'],
      ['tenderAmendment'],
      ['tenderUpdate'], // the closing (opportunity and proposals: one release)
      ['tenderUpdate'], // the lock
      ['award', 'contract'],
    ]);
    expect(releases.map((r) => r.id)).toEqual(releases.map((_, i) => `${publicStory.ocid}-${i + 1}`));
    const [closing, lock, award] = releases.slice(2);
    expect(closing.tender.numberOfTenderers).toBe(3);
    expect(closing.tender).not.toHaveProperty('tenderers');
    expect(lock.tender).not.toHaveProperty('tenderers');
    expect(closing.parties).toHaveLength(1);

    expect(award.tender.status).toBe('complete');
    expect(award.tender.tenderers).toHaveLength(3);
    const suppliers = award.parties.filter((p: Json) => p.roles.includes('supplier'));
    expect(suppliers).toEqual([
      expect.objectContaining({
        identifier: expect.objectContaining({ id: winner.vendor.neq }),
        roles: ['tenderer', 'supplier'],
      }),
    ]);
    expect(award.awards).toEqual([
      expect.objectContaining({
        status: 'active',
        value: { amount: 65432.19, currency: 'CAD' },
        suppliers: [{ id: suppliers[0].id, name: suppliers[0].name }],
      }),
    ]);
    expect(award.contracts).toEqual([
      expect.objectContaining({
        id: expect.stringMatching(/^C-\d{4}-\d{4,}$/),
        awardID: award.awards[0].id,
        status: 'active',
        value: { amount: 65432.19, currency: 'CAD' },
      }),
    ]);
    for (const r of releases) expectValid('release', r);
    expect(codesUsed(award)).toEqual(
      new Set([
        'releaseTag.csv',
        'initiationType.csv',
        'partyRole.csv',
        'tenderStatus.csv',
        'currency.csv',
        'method.csv',
        'procurementCategory.csv',
        'awardCriteria.csv',
        'submissionMethod.csv',
        'awardStatus.csv',
        'contractStatus.csv',
      ]),
    );
  });

  it('the record package compiles the story: tender, amendment, award, supplier, contract', async () => {
    const res = await recordPackage(publicStory.ocid).expect(200);
    expectValid('recordPackage', res.body);
    const [record] = res.body.records;
    expect(record.releases).toHaveLength(5);
    const compiled = record.compiledRelease;
    expect(compiled).toMatchObject({
      ocid: publicStory.ocid,
      tag: ['compiled'],
      date: record.releases[4].date,
      tender: { numberOfTenderers: 3, amendments: [expect.objectContaining({ id: 'addenda-1' })] },
      awards: [expect.objectContaining({ value: { amount: 65432.19, currency: 'CAD' } })],
      contracts: [expect.objectContaining({ value: { amount: 65432.19, currency: 'CAD' } })],
    });
    expect(compiled.parties).toHaveLength(4);
  });

  it('the contract: an amendment is `contractAmendment`, each payment `implementation`, the last one PAID', async () => {
    const [c] = await t.dataSource.query(`SELECT id FROM contract WHERE opportunity_id = $1`, [publicStory.id]);
    contractId = c.id;
    await t
      .http()
      .post(api(`/contracts/${contractId}/amendments`))
      .set(buyer.auth)
      .send({ amountCents: 250_000, justification: 'Ajout d’un module d’exportation' })
      .expect(201);
    // Delivery, checks, acceptance and the forge are test/contracts' story; here the contract
    // is put where a payment may follow (code published on the forge).
    await t.dataSource.query(
      `UPDATE contract SET status = 'PUBLISHED', publication_status = 'DONE', project_url = $2, published_at = now() WHERE id = $1`,
      [contractId, 'https://forge.example/gouv/rendez-vous'],
    );
    const pay = (invoiceNumber: string, amountCents: number) =>
      t
        .http()
        .post(api(`/contracts/${contractId}/payments`))
        .set(buyer.auth)
        .send({ invoiceNumber, amountCents })
        .expect(201);
    await pay('F-2027-001', 4_000_000);
    await pay('F-2027-002', 6_543_219 + 250_000 - 4_000_000);
    const releases = await releasesOf(publicStory.ocid);
    expect(releases.slice(5).map((r) => r.tag)).toEqual([
      ['contractAmendment'],
      ['implementation'],
      ['implementation'],
    ]);
    const [amended, firstPayment, paid] = releases.slice(5);
    expect(amended.contracts[0]).toMatchObject({
      status: 'active',
      value: { amount: 67932.19, currency: 'CAD' },
      amendments: [expect.objectContaining({ rationale: 'Ajout d’un module d’exportation' })],
    });
    expect(amended.contracts[0]).not.toHaveProperty('implementation');
    expect(firstPayment.contracts[0].implementation.transactions).toHaveLength(1);
    expect(paid.contracts[0]).toMatchObject({
      status: 'terminated',
      implementation: {
        transactions: [
          expect.objectContaining({ value: { amount: 40000, currency: 'CAD' } }),
          expect.objectContaining({ value: { amount: 27932.19, currency: 'CAD' } }),
        ],
      },
    });
    for (const r of releases) expectValid('release', r);
    expectValid('releasePackage', (await releasePackage(publicStory.ocid).expect(200)).body);
  });

  it('the compiled release of the paid contract shows tender, award, supplier, contract, amendments and payments', async () => {
    const res = await recordPackage(publicStory.ocid).expect(200);
    expectValid('recordPackage', res.body);
    const [record] = res.body.records;
    expect(record.releases).toHaveLength(8);
    const compiled = record.compiledRelease;
    const supplier = compiled.parties.find((p: Json) => p.roles.includes('supplier'));
    expect(supplier).toMatchObject({ identifier: expect.objectContaining({ id: winner.vendor.neq }) });
    expect(compiled).toMatchObject({
      tag: ['compiled'],
      date: record.releases[7].date,
      tender: { id: publicStory.reference, status: 'complete', numberOfTenderers: 3 },
      awards: [
        expect.objectContaining({
          value: { amount: 65432.19, currency: 'CAD' },
          suppliers: [{ id: supplier.id, name: supplier.name }],
        }),
      ],
      contracts: [
        expect.objectContaining({
          status: 'terminated',
          value: { amount: 67932.19, currency: 'CAD' },
          amendments: [expect.objectContaining({ rationale: 'Ajout d’un module d’exportation' })],
          implementation: {
            transactions: [
              expect.objectContaining({ value: { amount: 40000, currency: 'CAD' } }),
              expect.objectContaining({ value: { amount: 27932.19, currency: 'CAD' } }),
            ],
          },
        }),
      ],
    });
  });

  it('min_quality_lowest_price is priceOnly with the quality minimum; a cancelled tender is tenderCancellation', async () => {
    cancelledStory = await publishOpportunity(
      t,
      { admin, buyer },
      { evaluationMethod: 'min_quality_lowest_price', kPercent: null },
    );
    await t
      .http()
      .post(api(`/opportunities/${cancelledStory.id}/cancel`))
      .set(buyer.auth)
      .send({ reason: 'Besoin comblé autrement' })
      .expect(200);
    const releases = await releasesOf(cancelledStory.ocid);
    expect(releases.map((r) => r.tag)).toEqual([['tender'], ['tenderCancellation']]);
    expect(releases[1].tender).toMatchObject({
      status: 'cancelled',
      awardCriteria: 'priceOnly',
      awardCriteriaDetails: expect.stringContaining('note de qualité minimale de 70'),
    });
    expectValid('releasePackage', (await releasePackage(cancelledStory.ocid).expect(200)).body);
    expectValid('recordPackage', (await recordPackage(cancelledStory.ocid).expect(200)).body);
  });

  it('an invitation-mode opportunity stays unpublished until its award, then all its releases are public', async () => {
    const invited = [await seedVendor(t), await seedVendor(t)];
    invitationStory = await publishOpportunity(
      t,
      { admin, buyer },
      { procurementMode: 'invitation' },
      { invite: invited.map((v) => v.vendorId) },
    );
    expect(await releasesOf(invitationStory.ocid)).toHaveLength(1); // written …
    expectEnvelope(await releasePackage(invitationStory.ocid).expect(404), 'NOT_FOUND'); // … not published
    expectEnvelope(await recordPackage(invitationStory.ocid).expect(404), 'NOT_FOUND');
    expect((await jsonl()).filter((r) => r.ocid === invitationStory.ocid)).toEqual([]);

    await runToAward(invitationStory, [
      { priceCents: 4_321_987, q: 88.41, vendor: invited[0] },
      { priceCents: 4_876_543, q: 79.33, vendor: invited[1] },
    ]);
    const res = await releasePackage(invitationStory.ocid).expect(200);
    expect(res.body.releases.map((r: Json) => r.tag)).toEqual([
      ['tender'],
      ['tenderUpdate'],
      ['tenderUpdate'],
      ['award', 'contract'],
    ]);
    expect(res.body.releases[0].tender.procurementMethod).toBe('limited');
    expectValid('releasePackage', res.body);
    // A termination is a `contract` release.
    const [c] = await t.dataSource.query(`SELECT id FROM contract WHERE opportunity_id = $1`, [invitationStory.id]);
    await t
      .http()
      .post(api(`/contracts/${c.id}/terminate`))
      .set(buyer.auth)
      .send({ reason: 'Le fournisseur a cessé ses activités' })
      .expect(200);
    const after = (await releasePackage(invitationStory.ocid).expect(200)).body;
    expect(after.releases.map((r: Json) => r.tag).pop()).toEqual(['contract']);
    expect(after.releases.pop().contracts[0].status).toBe('terminated');
    expectValid('releasePackage', after);
    expectValid('recordPackage', (await recordPackage(invitationStory.ocid).expect(200)).body);
  });

  it('no release or package of the stories holds a sealed value (losing prices, responses, scores)', async () => {
    expect(sealed.length).toBeGreaterThan(15);
    const everything: unknown[] = [];
    for (const o of [publicStory, invitationStory, cancelledStory]) {
      everything.push(await releasesOf(o.ocid));
      everything.push((await releasePackage(o.ocid).expect(200)).body, (await recordPackage(o.ocid).expect(200)).body);
    }
    everything.push(await jsonl());
    expectNothingSealed(everything);
    // The check can fail: the winner's price is in (the contract amount), so a loser's would be seen.
    expect(JSON.stringify(everything)).toContain(amount(winner.priceCents));
  });

  it('the bulk stream holds every published release once, in order, within the date range', async () => {
    const all = await jsonl();
    const ids = all.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const ours = all.filter((r) => [publicStory.ocid, invitationStory.ocid, cancelledStory.ocid].includes(r.ocid));
    expect(ours).toHaveLength(8 + 5 + 2);
    for (const r of all) expectValid('release', r);
    const [{ tomorrow }] = await t.dataSource.query(
      `SELECT to_char((now() AT TIME ZONE 'America/Montreal') + interval '1 day', 'YYYY-MM-DD') AS tomorrow`,
    );
    expect(await jsonl({ from: tomorrow })).toEqual([]);
    expect(await jsonl({ to: tomorrow })).toHaveLength(all.length);
    expectEnvelope(
      await t.http().get(api('/exports/releases.jsonl')).query({ from: 'hier' }).expect(400),
      'VALIDATION_FAILED',
    );
  });

  it('the checks can fail: a release without ocid, a date without offset, a code outside its codelist', async () => {
    const [tender] = await releasesOf(publicStory.ocid);
    const { ocid: _ocid, ...withoutOcid } = tender;
    expect(schemaErrors('release', withoutOcid).join()).toContain('ocid');
    expect(schemaErrors('release', { ...tender, date: '2026-01-01 10:00' })).not.toEqual([]);
    expect(codelistErrors({ ...tender, tender: { ...tender.tender, procurementMethod: 'public' } })).toEqual([
      '.tender.procurementMethod: public absent de method.csv',
    ]);
    expect(codelistErrors({ ...tender, parties: [{ id: 'x', roles: ['bidder'] }] })).toEqual([
      '.parties[0].roles: bidder absent de partyRole.csv',
    ]);
  });

  it('an unknown ocid is 404 in the envelope', async () => {
    expectEnvelope(await releasePackage('ocds-ech000-EEC-1999-0001').expect(404), 'NOT_FOUND');
  });
});

function amount(cents: number): string {
  return (cents / 100).toFixed(2);
}

function textParser(
  res: NodeJS.ReadableStream & { setEncoding(e: string): void },
  cb: (e: Error | null, body: string) => void,
) {
  let data = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => (data += chunk));
  res.on('end', () => cb(null, data));
}
