import {
  addVendorMember,
  buyerOfNewPublicBody,
  createProposal,
  dbNow,
  dbTimeIn,
  expectEnvelope,
  loginAsAdmin,
  OpportunityBody,
  proposalBody,
  publishOpportunity,
  registerVendor,
  seedVendor,
  Session,
  setDeadlines,
  withdrawProposal,
} from '../support/scenario';
import { receiptHash } from '../../src/proposals/proposals.rules';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

/** Concurrency of submissions: idempotent replays (P9) and the deadline race (P2). */
describe('Submissions under concurrency (PostgreSQL + Redis)', () => {
  let t: TestApp;
  let admin: Session;
  let buyer: Session & { publicBodyId: string };

  beforeAll(async () => {
    t = await startTestApp({ label: 'propraces', env: { MIN_TENDER_PERIOD_DAYS: '0', QUESTIONS_CLOSE_HOURS: '0' } });
    admin = await loginAsAdmin(t);
    buyer = await buyerOfNewPublicBody(t, admin);
  });

  afterAll(async () => {
    await t?.close();
  });

  const submit = (who: Session, id: string, key: string, body: Record<string, unknown> = {}) =>
    t.http().post(`/api/v1/proposals/${id}/submit`).set(who.auth).set('Idempotency-Key', key).send(body);

  describe('P9: Idempotency-Key', () => {
    let opp: OpportunityBody;
    beforeAll(async () => {
      opp = await publishOpportunity(t, { admin, buyer }, { proposalDeadline: await dbTimeIn(t, '30 days') });
    });

    it('20 concurrent replays of one key submit once and all get the same answer', async () => {
      const vendor = await seedVendor(t);
      const draft = await createProposal(t, vendor, opp.id, proposalBody(opp, vendor.vendorId));
      const key = `soumission-${draft.id}`;
      const answers = await Promise.all(Array.from({ length: 20 }, () => submit(vendor, draft.id, key)));

      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
      // Byte-identical: the stored answer is the JSON text sent first.
      const bodies = new Set(answers.map((a) => a.text));
      expect(bodies.size).toBe(1);
      expect(answers[0].body).toMatchObject({ status: 'SUBMITTED', version: 2 });

      const [row] = await t.dataSource.query(`SELECT status, version, receipt_hash FROM proposal WHERE id = $1`, [
        draft.id,
      ]);
      expect(row).toEqual({ status: 'SUBMITTED', version: 2, receipt_hash: answers[0].body.receiptHash });
      const [versions] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM proposal_version WHERE proposal_id = $1`,
        [draft.id],
      );
      expect(versions.n).toBe(1);
      const [receipts] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM notification WHERE entity_id = $1 AND template = 'proposal-receipt'`,
        [draft.id],
      );
      expect(receipts.n).toBe(1);
      const [submits] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1 AND action = 'proposals.submit'`,
        [draft.id],
      );
      expect(submits.n).toBe(1);

      // A later replay still gets the first answer, not INVALID_TRANSITION.
      const late = await submit(vendor, draft.id, key).expect(200);
      expect(late.body).toEqual(answers[0].body);
    });

    it('a price a co-member changes while the submission waits for the proposal’s lock is the price sealed', async () => {
      const vendor = await seedVendor(t);
      const draft = await createProposal(t, vendor, opp.id, proposalBody(opp, vendor.vendorId));
      const newPrice = Math.floor(opp.estimatedValueCents * 0.5);
      // The co-member's edit, held open: it locks the proposal and changes its price.
      const editor = t.dataSource.createQueryRunner();
      await editor.connect();
      try {
        await editor.startTransaction();
        await editor.query(`SELECT 1 FROM proposal WHERE id = $1 FOR UPDATE`, [draft.id]);
        await editor.query(`UPDATE proposal_price SET price_cents = $2 WHERE proposal_id = $1`, [draft.id, newPrice]);
        const pending = submit(vendor, draft.id, `prix-${draft.id}`).then((res) => res);
        await waitFor('the submission to wait for the proposal’s lock', async () => {
          const rows = await t.dataSource.query(
            `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
                AND query LIKE '%FROM proposal p WHERE p.id = $1 FOR UPDATE OF p%'`,
          );
          return rows.length > 0;
        });
        await editor.commitTransaction();
        const res = await pending;
        expect(res.status).toBe(200);
        // The history row and the receipt hash hold the price committed before the seal.
        const [kept] = await t.dataSource.query(
          `SELECT price_cents FROM proposal_version WHERE proposal_id = $1 AND version = 1`,
          [draft.id],
        );
        expect(kept.price_cents).toBe(newPrice);
        const [row] = await t.dataSource.query(
          `SELECT opportunity_id, vendor_id, responses, attestations, version FROM proposal WHERE id = $1`,
          [draft.id],
        );
        expect(res.body.receiptHash).toBe(
          receiptHash({
            opportunityId: row.opportunity_id,
            vendorId: row.vendor_id,
            responses: row.responses,
            attestations: row.attestations,
            priceCents: newPrice,
            attachments: [],
            version: row.version,
          }),
        );
      } finally {
        if (editor.isTransactionActive) await editor.rollbackTransaction();
        await editor.release();
      }
    });

    it('the same key with a different request is 422 IDEMPOTENCY_KEY_REUSED', async () => {
      const vendor = await seedVendor(t);
      const draft = await createProposal(t, vendor, opp.id, proposalBody(opp, vendor.vendorId));
      await submit(vendor, draft.id, 'cle-unique').expect(200);
      expectEnvelope(
        await submit(vendor, draft.id, 'cle-unique', { expectedVersion: 1 }).expect(422),
        'IDEMPOTENCY_KEY_REUSED',
      );
      // Also for another proposal of the same user.
      await t.http().post(`/api/v1/proposals/${draft.id}/withdraw`).set(vendor.auth).expect(200);
      const second = await createProposal(t, vendor, opp.id, proposalBody(opp, vendor.vendorId));
      expectEnvelope(await submit(vendor, second.id, 'cle-unique').expect(422), 'IDEMPOTENCY_KEY_REUSED');
    });

    it('a refused submission leaves no record: fixing the proposal and replaying the key submits', async () => {
      const vendor = await seedVendor(t);
      const { priceCents: _none, ...body } = proposalBody(opp, vendor.vendorId);
      const draft = await createProposal(t, vendor, opp.id, body);
      expectEnvelope(await submit(vendor, draft.id, 'essai').expect(422), 'INVALID_PRICE');
      await t.http().patch(`/api/v1/proposals/${draft.id}`).set(vendor.auth).send({ priceCents: 100_000 }).expect(200);
      const ok = await submit(vendor, draft.id, 'essai').expect(200);
      expect(ok.body.status).toBe('SUBMITTED');
    });

    it('refuses a malformed key (400 VALIDATION_FAILED)', async () => {
      const vendor = await seedVendor(t);
      const draft = await createProposal(t, vendor, opp.id, proposalBody(opp, vendor.vendorId));
      const res = await submit(vendor, draft.id, 'x'.repeat(201)).expect(400);
      expectEnvelope(res, 'VALIDATION_FAILED');
    });

    it('a member removed from the organization who replays their key gets 404, not the stored receipt (P8 before P9)', async () => {
      const owner = await seedVendor(t);
      const colleague = await registerVendor(t, 'Ancien collègue');
      await addVendorMember(t, owner, owner.vendorId, colleague, 'member');
      const draft = await createProposal(t, owner, opp.id, proposalBody(opp, owner.vendorId));
      const first = await submit(colleague, draft.id, 'cle-du-collegue').expect(200);
      expect(first.body.status).toBe('SUBMITTED');
      await t
        .http()
        .delete(`/api/v1/vendors/${owner.vendorId}/members/${colleague.userId}`)
        .set(owner.auth)
        .expect(204);

      const replay = await submit(colleague, draft.id, 'cle-du-collegue').expect(404);
      expectEnvelope(replay, 'NOT_FOUND');
      expect(replay.text).not.toContain(first.body.receiptHash);
      const [replays] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1 AND action = 'proposals.submit.replay'`,
        [draft.id],
      );
      expect(replays.n).toBe(0);
    });
  });

  describe('P1 under concurrency (partial unique index uq_proposal_active_per_vendor)', () => {
    let opp: OpportunityBody;
    beforeAll(async () => {
      opp = await publishOpportunity(t, { admin, buyer }, { proposalDeadline: await dbTimeIn(t, '30 days') });
    });

    const create = (who: Session, vendorId: string) =>
      t.http().post(`/api/v1/opportunities/${opp.id}/proposals`).set(who.auth).send(proposalBody(opp, vendorId));
    const activeOf = async (vendorId: string) =>
      (await t.dataSource.query(
        `SELECT id, status FROM proposal WHERE opportunity_id = $1 AND vendor_id = $2 AND status <> 'WITHDRAWN'`,
        [opp.id, vendorId],
      )) as {
        id: string;
        status: string;
      }[];

    it('10 parallel creates for one organization: one 201, nine 409 DUPLICATE_PROPOSAL, one proposal', async () => {
      const owner = await seedVendor(t);
      const colleague = await registerVendor(t, 'Collègue pressé');
      await addVendorMember(t, owner, owner.vendorId, colleague, 'member');
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) => create(i % 2 === 0 ? owner : colleague, owner.vendorId)),
      );

      expect(answers.map((a) => a.status).sort()).toEqual([201, ...Array(9).fill(409)]);
      for (const refused of answers.filter((a) => a.status === 409)) expectEnvelope(refused, 'DUPLICATE_PROPOSAL');
      const created = answers.find((a) => a.status === 201)!;
      const rows = await t.dataSource.query(`SELECT id FROM proposal WHERE opportunity_id = $1 AND vendor_id = $2`, [
        opp.id,
        owner.vendorId,
      ]);
      expect(rows).toEqual([{ id: created.body.id }]);
      const [events] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM audit_event WHERE action = 'proposals.create' AND data->>'vendorId' = $1`,
        [owner.vendorId],
      );
      expect(events.n).toBe(1);
    });

    it('re-submitting a WITHDRAWN proposal while another one is active (a draft) is 409 DUPLICATE_PROPOSAL, and changes nothing', async () => {
      const vendor = await seedVendor(t);
      const first = await createProposal(t, vendor, opp.id, proposalBody(opp, vendor.vendorId));
      await submit(vendor, first.id, `depot-${first.id}`).expect(200);
      await withdrawProposal(t, vendor, first.id);
      const second = await createProposal(t, vendor, opp.id, proposalBody(opp, vendor.vendorId));

      expectEnvelope(await submit(vendor, first.id, `redepot-${first.id}`).expect(409), 'DUPLICATE_PROPOSAL');
      const [row] = await t.dataSource.query(`SELECT status, version FROM proposal WHERE id = $1`, [first.id]);
      expect(row).toEqual({ status: 'WITHDRAWN', version: 3 });
      expect(await activeOf(vendor.vendorId)).toEqual([{ id: second.id, status: 'DRAFT' }]);
    });

    it('re-submitting a WITHDRAWN proposal races a new create: exactly one wins, the other is 409 DUPLICATE_PROPOSAL (never 500)', async () => {
      const vendors = await Promise.all(Array.from({ length: 5 }, () => seedVendor(t)));
      const withdrawn = await Promise.all(
        vendors.map(async (v) => {
          const p = await createProposal(t, v, opp.id, proposalBody(opp, v.vendorId));
          await withdrawProposal(t, v, p.id);
          return p.id;
        }),
      );
      const races = await Promise.all(
        vendors.map((v, i) => Promise.all([submit(v, withdrawn[i], `course-p1-${i}`), create(v, v.vendorId)])),
      );

      for (const [i, [resubmit, created]] of races.entries()) {
        const statuses = [resubmit.status, created.status];
        expect(statuses.filter((s) => s === 409)).toHaveLength(1);
        expect([200, 201].filter((s) => statuses.includes(s))).toHaveLength(1);
        expectEnvelope(resubmit.status === 409 ? resubmit : created, 'DUPLICATE_PROPOSAL');
        const active = await activeOf(vendors[i].vendorId);
        expect(active).toEqual([
          resubmit.status === 200
            ? { id: withdrawn[i], status: 'SUBMITTED' }
            : { id: created.body.id, status: 'DRAFT' },
        ]);
      }
    });
  });

  it('P2 race: 50 vendors submitting across the deadline are either fully in (before it) or refused', async () => {
    const VENDORS = 50;
    const opp = await publishOpportunity(t, { admin, buyer }, { proposalDeadline: await dbTimeIn(t, '30 days') });
    const vendors = await Promise.all(Array.from({ length: VENDORS }, () => seedVendor(t)));
    const drafts: string[] = [];
    for (let i = 0; i < VENDORS; i += 10) {
      const batch = vendors.slice(i, i + 10);
      drafts.push(
        ...(await Promise.all(batch.map((v) => createProposal(t, v, opp.id, proposalBody(opp, v.vendorId))))).map(
          (p) => p.id,
        ),
      );
    }

    // The deadline 2.5 s ahead on the database clock; submissions fire every 100 ms from now,
    // so that about half are sent before it and half after.
    await setDeadlines(t, opp.id, { proposal: '2500 milliseconds' });
    const [row] = await t.dataSource.query(`SELECT proposal_deadline FROM opportunity WHERE id = $1`, [opp.id]);
    const deadline = new Date(row.proposal_deadline).getTime();
    const results = await Promise.all(
      vendors.map(async (v, i) => {
        await new Promise((resolve) => setTimeout(resolve, i * 100));
        return submit(v, drafts[i], `course-${i}`);
      }),
    );

    const accepted = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status !== 200);
    for (const r of accepted) expect(Date.parse(r.body.submittedAt)).toBeLessThan(deadline);
    // Each answer says what happened to its own proposal: every 200 is a tendered proposal with
    // the receipt it was given; every refusal left the draft exactly as it was, with no trace.
    const rows = (await t.dataSource.query(
      `SELECT p.id, p.status, p.version, p.submitted_at, p.receipt_hash,
              (SELECT count(*)::int FROM audit_event e WHERE e.entity_id = p.id::text AND e.action = 'proposals.submit') AS audited,
              (SELECT count(*)::int FROM notification n WHERE n.entity_id = p.id::text) AS mails
         FROM proposal p WHERE p.id = ANY($1::uuid[])`,
      [drafts],
    )) as {
      id: string;
      status: string;
      version: number;
      submitted_at: Date | null;
      receipt_hash: string | null;
      audited: number;
      mails: number;
    }[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    results.forEach((r, i) => {
      const row = byId.get(drafts[i])!;
      if (r.status === 200) {
        expect(['SUBMITTED', 'UNDER_EVALUATION']).toContain(row.status);
        expect(row.receipt_hash).toBe(r.body.receiptHash);
        expect(new Date(row.submitted_at!).toISOString()).toBe(r.body.submittedAt);
        expect(row.audited).toBe(1);
      } else {
        expect(row).toMatchObject({
          status: 'DRAFT',
          version: 1,
          submitted_at: null,
          receipt_hash: null,
          audited: 0,
          mails: 0,
        });
      }
    });
    for (const r of refused) {
      expect(r.status).toBe(409);
      expectEnvelope(r, 'DEADLINE_PASSED');
    }
    expect(accepted.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    expect((await dbNow(t)).getTime()).toBeGreaterThanOrEqual(deadline);

    const [counts] = await t.dataSource.query(
      // The closing worker may already have moved the tendered proposals to UNDER_EVALUATION.
      `SELECT count(*) FILTER (WHERE p.status IN ('SUBMITTED', 'UNDER_EVALUATION'))::int AS submitted,
              count(*) FILTER (WHERE p.submitted_at IS NOT NULL AND p.submitted_at >= o.proposal_deadline)::int AS late,
              count(*) FILTER (WHERE p.status = 'DRAFT')::int AS drafts
         FROM proposal p JOIN opportunity o ON o.id = p.opportunity_id WHERE p.opportunity_id = $1`,
      [opp.id],
    );
    expect(counts).toEqual({ submitted: accepted.length, late: 0, drafts: refused.length });
  });
});
