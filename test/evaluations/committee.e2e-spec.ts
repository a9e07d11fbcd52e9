import { seedOpportunity, sqlOf, Sql } from '../support/opportunity-seed';
import { lockScores, seedProposal } from '../support/proposal-seed';
import {
  auditEventsFor,
  buyerOfNewPublicBody,
  createAccount,
  createVendorOrganization,
  expectEnvelope,
  loginAsAdmin,
  notificationsAbout,
  publishOpportunity,
  registerVendor,
  Session,
} from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The selection committee (domain.md §6): composition rules, declarations, recusal, and the
 * committee row of the sealed-bid table (§5.1). Defaults: COMMITTEE_MIN_EVALUATORS = 3,
 * COMMITTEE_REQUIRE_EXTERNAL = true.
 */
const PRICE = 3_456_789;

describe('Selection committee (domain.md §6)', () => {
  let t: TestApp;
  let sql: Sql;
  let admin: Session;
  let owning: Session & { publicBodyId: string };
  let secretary: Session;
  let colleague1: Session;
  let colleague2: Session;
  let outsider: Session & { publicBodyId: string };
  let otherBuyer: Session & { publicBodyId: string };
  let external: Session;
  let auditor: Session;
  let vendor: Session;
  let vendorId: string;
  let conflictedBuyer: Session;
  let published: string;

  const put = (who: Session, id: string, body: Record<string, unknown>) =>
    t.http().put(`/api/v1/opportunities/${id}/committee`).set(who.auth).send(body);
  const declare = (
    who: Session,
    id: string,
    body: Record<string, unknown> = { confidentiality: true, conflictWithVendorIds: [] },
  ) => t.http().post(`/api/v1/opportunities/${id}/declarations`).set(who.auth).send(body);
  const validCommittee = () => ({
    secretaryId: secretary.userId,
    evaluatorIds: [colleague1.userId, colleague2.userId, external.userId],
  });

  /** An opportunity seeded in SQL with one submitted proposal of `vendorId`, deadline `deadlineIn` from now. */
  async function opportunityWithProposal(deadlineIn: string) {
    const o = await seedOpportunity(sql, {
      publicBodyId: owning.publicBodyId,
      createdById: owning.userId,
      status: 'PUBLISHED',
      title: 'Comité',
      deadlineIn,
      publishedAgo: '20 days',
    });
    const proposal = await seedProposal(sql, {
      opportunityId: o.id,
      vendorId,
      authorId: vendor.userId,
      status: 'SUBMITTED',
      priceCents: PRICE,
      responseText: 'Réponse du comité',
    });
    return { id: o.id, proposalId: proposal.id };
  }

  beforeAll(async () => {
    t = await startTestApp({ redis: false, label: 'committee' });
    sql = sqlOf(t.dataSource);
    admin = await loginAsAdmin(t);
    owning = await buyerOfNewPublicBody(t, admin);
    secretary = await createAccount(t, admin, 'buyer', owning.publicBodyId);
    colleague1 = await createAccount(t, admin, 'buyer', owning.publicBodyId);
    colleague2 = await createAccount(t, admin, 'buyer', owning.publicBodyId);
    outsider = await buyerOfNewPublicBody(t, admin);
    otherBuyer = await buyerOfNewPublicBody(t, admin);
    external = await createAccount(t, admin, 'evaluator');
    auditor = await createAccount(t, admin, 'auditor');
    vendor = await registerVendor(t, 'Soumissionnaire');
    vendorId = (await createVendorOrganization(t, vendor)).id;
    conflictedBuyer = await createAccount(t, admin, 'buyer', outsider.publicBodyId);
    await sql(`INSERT INTO vendor_membership (vendor_id, user_id, role) VALUES ($1, $2, 'member')`, [
      vendorId,
      conflictedBuyer.userId,
    ]);
    published = (await publishOpportunity(t, { admin, buyer: owning })).id;
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('composition rules (422 INVALID_COMMITTEE)', () => {
    it.each<[string, () => Record<string, unknown>, string[]]>([
      [
        'a secretary from another public body',
        () => ({ ...validCommittee(), secretaryId: outsider.userId }),
        ['SECRETARY_NOT_OWNING_BUYER'],
      ],
      [
        'too few evaluators',
        () => ({ secretaryId: secretary.userId, evaluatorIds: [colleague1.userId, external.userId] }),
        ['TOO_FEW_EVALUATORS'],
      ],
      [
        'a vendor as evaluator',
        () => ({ secretaryId: secretary.userId, evaluatorIds: [colleague1.userId, vendor.userId, external.userId] }),
        ['EVALUATOR_NOT_ELIGIBLE'],
      ],
      [
        'an auditor as evaluator',
        () => ({ secretaryId: secretary.userId, evaluatorIds: [colleague1.userId, auditor.userId, external.userId] }),
        ['EVALUATOR_NOT_ELIGIBLE'],
      ],
      [
        'no external evaluator',
        () => ({ secretaryId: secretary.userId, evaluatorIds: [colleague1.userId, colleague2.userId, owning.userId] }),
        ['NO_EXTERNAL_EVALUATOR'],
      ],
      [
        'the secretary as evaluator',
        () => ({ secretaryId: secretary.userId, evaluatorIds: [secretary.userId, colleague1.userId, external.userId] }),
        ['SECRETARY_IS_EVALUATOR'],
      ],
      [
        'a duplicate evaluator',
        () => ({
          secretaryId: secretary.userId,
          evaluatorIds: [colleague1.userId, colleague1.userId, colleague2.userId, external.userId],
        }),
        ['DUPLICATE_EVALUATOR'],
      ],
      [
        'several violations at once',
        () => ({ secretaryId: external.userId, evaluatorIds: [external.userId, colleague1.userId] }),
        ['SECRETARY_NOT_OWNING_BUYER', 'TOO_FEW_EVALUATORS', 'SECRETARY_IS_EVALUATOR'],
      ],
    ])('%s', async (_case, body, rules) => {
      const res = await put(owning, published, body()).expect(422);
      expectEnvelope(res, 'INVALID_COMMITTEE');
      expect(res.body.error.details.violations.map((v: { rule: string }) => v.rule)).toEqual(rules);
      for (const v of res.body.error.details.violations) expect(v.message).toMatch(/[a-zé]/);
    });

    it('before the deadline, accepts a member of a bidding vendor exactly as any other (nothing reveals the bid)', async () => {
      // domain.md §6: such a member is recused at the closing, not refused here (issue 13, medium 9).
      const bidding = await opportunityWithProposal('10 days');
      const quiet = (await publishOpportunity(t, { admin, buyer: owning })).id;
      const body = {
        secretaryId: secretary.userId,
        evaluatorIds: [colleague1.userId, conflictedBuyer.userId, external.userId],
      };
      const answers = [];
      for (const id of [bidding.id, quiet]) {
        const res = await put(owning, id, body).expect(200);
        answers.push({ ...res.body, opportunityId: undefined });
      }
      expect(answers[0]).toEqual(answers[1]);
      expect(answers[0].evaluators.every((e: { recused: boolean }) => !e.recused)).toBe(true);
      expect(answers[0].evaluationBlocked).toBe(false);

      // At the deadline the member is recused like a declared conflict, and three evaluators
      // minus one is under the minimum: evaluation blocked until the committee is completed.
      await sql(`UPDATE opportunity SET proposal_deadline = now() - interval '1 minute' WHERE id = $1`, [bidding.id]);
      const after = await t.http().get(`/api/v1/opportunities/${bidding.id}/committee`).set(auditor.auth).expect(200); // who bid is the auditors' to know (docs/sealed-bids.md)
      expect(after.body.evaluators.find((e: { id: string }) => e.id === conflictedBuyer.userId).recused).toBe(true);
      expect(after.body.evaluationBlocked).toBe(true);
      await declare(conflictedBuyer, bidding.id).expect(201);
      // (They read their own organization's proposal as its member, but never score it.)
      const criteria = await sql(`SELECT id FROM opportunity_criterion WHERE opportunity_id = $1`, [bidding.id]);
      const scores = { scores: criteria.map((c) => ({ criterionId: c.id, score: 90, comment: 'Parfait' })) };
      expectEnvelope(
        await t
          .http()
          .put(`/api/v1/proposals/${bidding.proposalId}/scores`)
          .set(conflictedBuyer.auth)
          .send(scores)
          .expect(403),
        'RECUSED',
      );
    });

    it('refuses malformed bodies (400)', async () => {
      const res = await put(owning, published, { secretaryId: 'x', evaluatorIds: [] }).expect(400);
      expectEnvelope(res, 'VALIDATION_FAILED');
    });
  });

  describe('who composes it', () => {
    it('a buyer of another public body: 403', async () => {
      expectEnvelope(await put(otherBuyer, published, validCommittee()).expect(403), 'FORBIDDEN');
    });

    it('a vendor: 403 (route permission)', async () => {
      expectEnvelope(await put(vendor, published, validCommittee()).expect(403), 'FORBIDDEN');
    });

    it('an unknown opportunity: 404', async () => {
      expectEnvelope(
        await put(owning, '00000000-0000-4000-8000-000000000000', validCommittee()).expect(404),
        'NOT_FOUND',
      );
    });

    it('not once the opportunity is cancelled: 409', async () => {
      const o = await seedOpportunity(sql, {
        publicBodyId: owning.publicBodyId,
        createdById: owning.userId,
        status: 'CANCELLED',
        title: 'Annulée',
        deadlineIn: '5 days',
        publishedAgo: '3 days',
      });
      expectEnvelope(await put(owning, o.id, validCommittee()).expect(409), 'INVALID_TRANSITION');
    });
  });

  describe('composition, replacement and e-mails', () => {
    it('sets the committee, e-mails each new member, and replaces it keeping the history in the audit', async () => {
      const first = await put(owning, published, validCommittee()).expect(200);
      expect(first.body).toMatchObject({ secretaryId: secretary.userId, evaluationBlocked: false });
      expect(first.body.evaluators.map((e: { id: string }) => e.id).sort()).toEqual(
        [colleague1.userId, colleague2.userId, external.userId].sort(),
      );
      expect(first.body.evaluators[0]).toEqual(
        expect.objectContaining({ name: expect.any(String), signed: false, recused: false }),
      );

      let mails = await notificationsAbout(t, published, 'committee-appointed');
      expect(mails.map((m) => m.recipient_user_id).sort()).toEqual(
        [secretary.userId, colleague1.userId, colleague2.userId, external.userId].sort(),
      );
      expect(mails.find((m) => m.recipient_user_id === secretary.userId)!.data.role).toBe('secretary');

      const second = await put(owning, published, {
        secretaryId: secretary.userId,
        evaluatorIds: [colleague1.userId, outsider.userId, external.userId],
      }).expect(200);
      expect(second.body.evaluators.map((e: { id: string }) => e.id).sort()).toEqual(
        [colleague1.userId, outsider.userId, external.userId].sort(),
      );
      mails = await notificationsAbout(t, published, 'committee-appointed');
      // Only the newcomer hears of it the second time.
      expect(mails).toHaveLength(5);
      expect(mails.filter((m) => m.recipient_user_id === outsider.userId)).toHaveLength(1);

      const events = (await auditEventsFor(t, admin, published)).filter((e) => e.action === 'committee.replace');
      expect(events).toHaveLength(2);
      const latest = events.find((e) => (e.data.appointed as string[]).includes(outsider.userId))!;
      expect((latest.data.before as { userId: string }[]).map((m) => m.userId)).toContain(colleague2.userId);
      expect((latest.data.after as { userId: string }[]).map((m) => m.userId)).not.toContain(colleague2.userId);
    });

    it('is read by owning buyers, members, admins and auditors only', async () => {
      for (const reader of [owning, secretary, external, admin, auditor]) {
        const res = await t.http().get(`/api/v1/opportunities/${published}/committee`).set(reader.auth).expect(200);
        expect(res.body.secretaryId).toBe(secretary.userId);
      }
      expectEnvelope(
        await t.http().get(`/api/v1/opportunities/${published}/committee`).set(otherBuyer.auth).expect(403),
        'FORBIDDEN',
      );
      expectEnvelope(
        await t.http().get(`/api/v1/opportunities/${published}/committee`).set(vendor.auth).expect(403),
        'FORBIDDEN',
      );
    });
  });

  describe('declarations, recusal and the committee row of §5.1', () => {
    let closed: { id: string; proposalId: string };

    beforeAll(async () => {
      closed = await opportunityWithProposal('-1 hour');
      await put(owning, closed.id, validCommittee()).expect(200);
    });

    it('an unsigned member is told to sign first (403 DECLARATION_REQUIRED), the secretary too', async () => {
      for (const member of [colleague1, secretary]) {
        expectEnvelope(
          await t.http().get(`/api/v1/proposals/${closed.proposalId}`).set(member.auth).expect(403),
          'DECLARATION_REQUIRED',
        );
        expectEnvelope(
          await t.http().get(`/api/v1/opportunities/${closed.id}/proposals`).set(member.auth).expect(403),
          'DECLARATION_REQUIRED',
        );
      }
    });

    it('confidentiality must be accepted (400 VALIDATION_FAILED)', async () => {
      expectEnvelope(
        await declare(colleague1, closed.id, { confidentiality: false, conflictWithVendorIds: [] }).expect(400),
        'VALIDATION_FAILED',
      );
    });

    it('only members sign (403)', async () => {
      expectEnvelope(await declare(otherBuyer, closed.id).expect(403), 'FORBIDDEN');
    });

    it('a signed member reads responses but not prices; signing twice is a conflict', async () => {
      const res = await declare(colleague1, closed.id).expect(201);
      expect(res.body.recused).toBe(false);
      expect(Date.parse(res.body.signedAt)).not.toBeNaN();
      expectEnvelope(await declare(colleague1, closed.id).expect(409), 'CONFLICT');

      const read = await t.http().get(`/api/v1/proposals/${closed.proposalId}`).set(colleague1.auth).expect(200);
      expect(read.body.responses[0].text).toContain('Réponse du comité');
      expect(read.body).not.toHaveProperty('priceCents');
      expect(read.body).not.toHaveProperty('receiptHash');
      const list = await t.http().get(`/api/v1/opportunities/${closed.id}/proposals`).set(colleague1.auth).expect(200);
      expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([closed.proposalId]);
      expect(list.body.items[0]).not.toHaveProperty('priceCents');

      const secretaryRead = await declare(secretary, closed.id).expect(201);
      expect(secretaryRead.body.recused).toBe(false);
      await t.http().get(`/api/v1/proposals/${closed.proposalId}`).set(secretary.auth).expect(200);
    });

    it('a conflict with a submitting vendor recuses the member (403 RECUSED) and blocks the evaluation', async () => {
      const res = await declare(colleague2, closed.id, {
        confidentiality: true,
        conflictWithVendorIds: [vendorId],
      }).expect(201);
      expect(res.body.recused).toBe(true);
      expectEnvelope(
        await t.http().get(`/api/v1/proposals/${closed.proposalId}`).set(colleague2.auth).expect(403),
        'RECUSED',
      );
      expectEnvelope(
        await t.http().get(`/api/v1/opportunities/${closed.id}/proposals`).set(colleague2.auth).expect(403),
        'RECUSED',
      );

      const committee = await t
        .http()
        .get(`/api/v1/opportunities/${closed.id}/committee`)
        .set(auditor.auth)
        .expect(200); // who bid is the auditors' to know (docs/sealed-bids.md)
      expect(committee.body.evaluationBlocked).toBe(true);
      expect(committee.body.evaluators.find((e: { id: string }) => e.id === colleague2.userId)).toMatchObject({
        signed: true,
        recused: true,
      });
    });

    it('a conflict with a vendor that did not submit does not recuse', async () => {
      const res = await declare(external, closed.id, {
        confidentiality: true,
        conflictWithVendorIds: ['00000000-0000-4000-8000-000000000001'],
      }).expect(201);
      expect(res.body.recused).toBe(false);
      const [row] = await sql(
        `SELECT signed_at, conflict_vendor_ids FROM committee_declaration WHERE opportunity_id = $1 AND user_id = $2`,
        [closed.id, external.userId],
      );
      expect(row.conflict_vendor_ids).toEqual(['00000000-0000-4000-8000-000000000001']);
      expect(new Date(row.signed_at).toISOString()).toBe(res.body.signedAt);
    });

    it('after the lock, a signed member reads prices too', async () => {
      await lockScores(sql, closed.id);
      const read = await t.http().get(`/api/v1/proposals/${closed.proposalId}`).set(colleague1.auth).expect(200);
      expect(read.body.priceCents).toBe(PRICE);
      expect(read.body.receiptHash).toMatch(/^[0-9a-f]{64}$/);
      expectEnvelope(
        await t.http().get(`/api/v1/proposals/${closed.proposalId}`).set(colleague2.auth).expect(403),
        'RECUSED',
      );
    });

    it('after the award, a signed member still reads responses and prices', async () => {
      await sql(`UPDATE opportunity SET status = 'AWARDED' WHERE id = $1`, [closed.id]);
      const read = await t.http().get(`/api/v1/proposals/${closed.proposalId}`).set(colleague1.auth).expect(200);
      expect(read.body.responses[0].text).toContain('Réponse du comité');
      expect(read.body.priceCents).toBe(PRICE);
      // (A recused member who is also a buyer of the owning body reads it now as a buyer: §5.1
      // gives those buyers everything after the award.)
    });

    it('a member who has joined a submitting vendor since the appointment is recused at declaration', async () => {
      const o = await opportunityWithProposal('-1 hour');
      const late = await createAccount(t, admin, 'buyer', otherBuyer.publicBodyId);
      await put(owning, o.id, {
        secretaryId: secretary.userId,
        evaluatorIds: [colleague1.userId, late.userId, external.userId],
      }).expect(200);
      await sql(`INSERT INTO vendor_membership (vendor_id, user_id, role) VALUES ($1, $2, 'member')`, [
        vendorId,
        late.userId,
      ]);
      expect((await declare(late, o.id).expect(201)).body.recused).toBe(true);
    });
  });

  describe('recusal is computed whenever it is read (issue 13, high 2 and medium 5)', () => {
    it('a conflict declared before the vendor submitted still recuses once the deadline passes', async () => {
      const o = await seedOpportunity(sql, {
        publicBodyId: owning.publicBodyId,
        createdById: owning.userId,
        status: 'PUBLISHED',
        title: 'Conflit déclaré tôt',
        deadlineIn: '10 days',
        publishedAgo: '20 days',
      });
      await put(owning, o.id, validCommittee()).expect(200);
      // The evaluator names the vendor while it has nothing on this opportunity.
      expect(
        (await declare(colleague2, o.id, { confidentiality: true, conflictWithVendorIds: [vendorId] }).expect(201)).body
          .recused,
      ).toBe(false);
      // Then the vendor submits, and the deadline passes.
      const proposal = await seedProposal(sql, {
        opportunityId: o.id,
        vendorId,
        authorId: vendor.userId,
        status: 'SUBMITTED',
        priceCents: PRICE,
      });
      await sql(`UPDATE opportunity SET proposal_deadline = now() - interval '1 minute' WHERE id = $1`, [o.id]);

      expectEnvelope(
        await t.http().get(`/api/v1/proposals/${proposal.id}`).set(colleague2.auth).expect(403),
        'RECUSED',
      );
      const criteria = await sql(`SELECT id FROM opportunity_criterion WHERE opportunity_id = $1 ORDER BY position`, [
        o.id,
      ]);
      const scores = { scores: criteria.map((c) => ({ criterionId: c.id, score: 80, comment: 'Bien' })) };
      expectEnvelope(
        await t.http().put(`/api/v1/proposals/${proposal.id}/scores`).set(colleague2.auth).send(scores).expect(403),
        'RECUSED',
      );
      const committee = await t.http().get(`/api/v1/opportunities/${o.id}/committee`).set(auditor.auth).expect(200); // who bid is the auditors' to know (docs/sealed-bids.md)
      expect(committee.body.evaluators.find((e: { id: string }) => e.id === colleague2.userId).recused).toBe(true);
    });

    it('before the deadline, a declaration answers the same whether the named vendor submitted or holds a draft', async () => {
      const drafter = await registerVendor(t, 'Brouillon');
      const drafterId = (await createVendorOrganization(t, drafter)).id;
      const { id } = await opportunityWithProposal('10 days'); // vendorId submitted
      await seedProposal(sql, { opportunityId: id, vendorId: drafterId, authorId: drafter.userId, status: 'DRAFT' });
      await put(owning, id, validCommittee()).expect(200);

      const submitted = await declare(colleague1, id, { confidentiality: true, conflictWithVendorIds: [vendorId] });
      const drafted = await declare(colleague2, id, { confidentiality: true, conflictWithVendorIds: [drafterId] });
      expect(submitted.status).toBe(201);
      expect(drafted.status).toBe(201);
      expect(submitted.body.recused).toBe(drafted.body.recused);
      expect(submitted.body.recused).toBe(false);

      for (const reader of [owning, admin, auditor]) {
        const committee = await t.http().get(`/api/v1/opportunities/${id}/committee`).set(reader.auth).expect(200);
        const flags = committee.body.evaluators.map((e: { recused: boolean }) => e.recused);
        expect(flags).toEqual([false, false, false]);
        expect(committee.body.evaluationBlocked).toBe(false);
      }
      const events = (await auditEventsFor(t, auditor, id)).filter((e) => e.action === 'committee.declaration.sign');
      const shapes = events.map((e) => {
        const { userId: _u, conflictVendorIds: _c, ...rest } = e.data as Record<string, unknown>;
        return rest;
      });
      expect(shapes).toHaveLength(2);
      expect(shapes[0]).toEqual(shapes[1]);
      expect(JSON.stringify(shapes)).not.toMatch(/true/);
    });
  });

  describe('before the deadline everything is 404, signed or not', () => {
    it('hides the proposal from every member', async () => {
      const open = await opportunityWithProposal('10 days');
      await put(owning, open.id, validCommittee()).expect(200);
      await declare(colleague1, open.id).expect(201);
      for (const member of [colleague1, colleague2, secretary]) {
        expectEnvelope(
          await t.http().get(`/api/v1/proposals/${open.proposalId}`).set(member.auth).expect(404),
          'NOT_FOUND',
        );
        const list = await t.http().get(`/api/v1/opportunities/${open.id}/proposals`).set(member.auth).expect(200);
        expect(list.body.total).toBe(0);
      }
    });
  });
});
