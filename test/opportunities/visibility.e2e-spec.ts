import { startTestApp, TestApp } from '../support/test-app';
import {
  addVendorMember,
  askQuestion,
  auditEventsFor,
  buyerOfNewPublicBody,
  createAccount,
  createDraft,
  createVendorOrganization,
  dbNow,
  dbTimeIn,
  expectEnvelope,
  inviteVendors,
  loginAsAdmin,
  notificationsAbout,
  publishOpportunity,
  registerVendor,
  Session,
  subscribeTo,
  submitForReview,
  vendorWantingNews,
} from '../support/scenario';
import { waitFor } from '../support/wait';

/**
 * Who sees what (O13, P7), invitations, and the effective status at a real deadline. The
 * minimum tender period and the questions period are 0, so a deadline seconds away can be
 * published and reached.
 */
describe('Opportunity visibility and invitations (PostgreSQL + Redis)', () => {
  let t: TestApp;
  let admin: Session;
  let buyer: Session & { publicBodyId: string };

  beforeAll(async () => {
    t = await startTestApp({
      label: 'oppvisibility',
      env: { MIN_TENDER_PERIOD_DAYS: '0', QUESTIONS_CLOSE_HOURS: '0' },
    });
    admin = await loginAsAdmin(t);
    buyer = await buyerOfNewPublicBody(t, admin);
  });

  afterAll(async () => {
    await t?.close();
  });

  const url = (id: string, command = '') => `/api/v1/opportunities/${id}${command ? `/${command}` : ''}`;

  it('shows DRAFT and UNDER_REVIEW to the owning body’s buyers and admins only (404 for everyone else)', async () => {
    const draft = await createDraft(t, buyer);
    const reviewed = await createDraft(t, buyer);
    await submitForReview(t, buyer, reviewed.id);
    const other = await buyerOfNewPublicBody(t, admin);
    const vendor = await registerVendor(t);
    const auditor = await createAccount(t, admin, 'auditor');
    for (const id of [draft.id, reviewed.id]) {
      await t.http().get(url(id)).set(buyer.auth).expect(200);
      await t.http().get(url(id)).set(admin.auth).expect(200);
      for (const reader of [other, vendor, auditor])
        expectEnvelope(await t.http().get(url(id)).set(reader.auth).expect(404), 'NOT_FOUND');
      expectEnvelope(await t.http().get(url(id)).expect(404), 'NOT_FOUND');
      expectEnvelope(await t.http().get(url(id, 'questions')).expect(404), 'NOT_FOUND');
    }
  });

  it('keeps an opportunity cancelled during its review out of public reads and search: only a published one is public', async () => {
    const title = `Annulée en revue ${Date.now()}`;
    const never = await createDraft(t, buyer, { title: { fr: title } });
    await submitForReview(t, buyer, never.id);
    await t.http().post(url(never.id, 'cancel')).set(admin.auth).send({ reason: 'Besoin abandonné' }).expect(200);
    const vendor = await registerVendor(t);
    const auditor = await createAccount(t, admin, 'auditor');
    for (const reader of [vendor, auditor]) {
      expectEnvelope(await t.http().get(url(never.id)).set(reader.auth).expect(404), 'NOT_FOUND');
    }
    expectEnvelope(await t.http().get(url(never.id)).expect(404), 'NOT_FOUND');
    const search = await t.http().get('/api/v1/opportunities').query({ q: title, status: 'CANCELLED' }).expect(200);
    expect(search.body.items.map((o: { id: string }) => o.id)).not.toContain(never.id);
    const listed = await t
      .http()
      .get('/api/v1/opportunities')
      .query({ status: 'CANCELLED', pageSize: 100 })
      .expect(200);
    expect(listed.body.items.map((o: { id: string }) => o.id)).not.toContain(never.id);
    // The owning buyers and admins still read it.
    await t.http().get(url(never.id)).set(buyer.auth).expect(200);
    await t.http().get(url(never.id)).set(admin.auth).expect(200);

    // Cancelled after publication, it stays public (the notice of cancellation is public).
    const published = await publishOpportunity(t, { admin, buyer });
    await t.http().post(url(published.id, 'cancel')).set(buyer.auth).send({ reason: 'Annulé' }).expect(200);
    const shown = await t.http().get(url(published.id)).expect(200);
    expect(shown.body.status).toBe('CANCELLED');
  });

  describe('invitation mode', () => {
    it('shows the opportunity to invited organizations’ members and staff, 404 to other vendors and anonymous callers', async () => {
      const invitedOwner = await registerVendor(t, 'Invitée');
      const invitedOrg = await createVendorOrganization(t, invitedOwner);
      const colleague = await registerVendor(t, 'Collègue');
      await addVendorMember(t, invitedOwner, invitedOrg.id, colleague);
      const outsider = await registerVendor(t, 'Non invitée');
      await createVendorOrganization(t, outsider);
      const newsWatcher = await vendorWantingNews(t, 'Veille');

      const published = await publishOpportunity(
        t,
        { admin, buyer },
        { procurementMode: 'invitation' },
        { invite: [invitedOrg.id] },
      );
      for (const reader of [invitedOwner, colleague, buyer, admin]) {
        expect((await t.http().get(url(published.id)).set(reader.auth).expect(200)).body.status).toBe('PUBLISHED');
      }
      const auditor = await createAccount(t, admin, 'auditor');
      await t.http().get(url(published.id)).set(auditor.auth).expect(200);

      for (const reader of [outsider, newsWatcher]) {
        expectEnvelope(await t.http().get(url(published.id)).set(reader.auth).expect(404), 'NOT_FOUND');
        expectEnvelope(await t.http().get(url(published.id, 'questions')).set(reader.auth).expect(404), 'NOT_FOUND');
        expectEnvelope(
          await t
            .http()
            .post(url(published.id, 'questions'))
            .set(reader.auth)
            .send({ question: 'Puis-je ?' })
            .expect(404),
          'NOT_FOUND',
        );
        expectEnvelope(
          await t.http().post(url(published.id, 'subscriptions')).set(reader.auth).expect(404),
          'NOT_FOUND',
        );
      }
      expectEnvelope(await t.http().get(url(published.id)).expect(404), 'NOT_FOUND');

      // Invited members may ask and subscribe; the buyer sees who is invited, vendors do not.
      await askQuestion(t, colleague, published.id);
      await subscribeTo(t, invitedOwner, published.id);
      const forBuyer = await t.http().get(url(published.id)).set(buyer.auth).expect(200);
      expect(forBuyer.body.invitedVendors).toEqual([
        { vendorId: invitedOrg.id, legalName: invitedOrg.legalName, invitedAt: expect.any(String) },
      ]);
      expect((await t.http().get(url(published.id)).set(invitedOwner.auth).expect(200)).body).not.toHaveProperty(
        'invitedVendors',
      );

      // The publication e-mail goes to the invited members only, not to vendors watching public news.
      const mails = await notificationsAbout(t, published.id, 'opportunity-published');
      expect(mails.map((m) => m.recipient_user_id).sort()).toEqual([invitedOwner.userId, colleague.userId].sort());
    });

    it('e-mails organizations invited after publication, once', async () => {
      const firstOwner = await registerVendor(t);
      const first = await createVendorOrganization(t, firstOwner);
      const laterOwner = await registerVendor(t);
      const later = await createVendorOrganization(t, laterOwner);
      const published = await publishOpportunity(
        t,
        { admin, buyer },
        { procurementMode: 'invitation' },
        { invite: [first.id] },
      );
      expectEnvelope(await t.http().get(url(published.id)).set(laterOwner.auth).expect(404), 'NOT_FOUND');

      const res = await inviteVendors(t, buyer, published.id, [later.id, first.id]);
      expect(res.invitedVendors.map((v: { vendorId: string }) => v.vendorId).sort()).toEqual(
        [first.id, later.id].sort(),
      );
      await t.http().get(url(published.id)).set(laterOwner.auth).expect(200);
      await inviteVendors(t, buyer, published.id, [later.id]); // idempotent
      const mails = await notificationsAbout(t, published.id, 'opportunity-published');
      expect(mails.map((m) => m.recipient_user_id).sort()).toEqual([firstOwner.userId, laterOwner.userId].sort());
      const events = await auditEventsFor(t, admin, published.id);
      expect(events.filter((e) => e.action === 'opportunities.invite').map((e) => e.data.newlyInvited)).toEqual([
        [first.id],
        [later.id],
        [],
      ]);
    });

    it('needs at least one invitation to be submitted (O5)', async () => {
      const draft = await createDraft(t, buyer, { procurementMode: 'invitation' });
      const res = await t.http().post(url(draft.id, 'submit-for-review')).set(buyer.auth).expect(422);
      expectEnvelope(res, 'INCOMPLETE_OPPORTUNITY');
      expect(res.body.error.details.fields).toEqual([{ path: 'invitations', message: expect.any(String) }]);
    });

    it('refuses unknown organizations with their paths (VALIDATION_FAILED), public-mode invitations (409), other buyers (404/403)', async () => {
      const owner = await registerVendor(t);
      const org = await createVendorOrganization(t, owner);
      const draft = await createDraft(t, buyer, { procurementMode: 'invitation' });
      const unknown = '00000000-0000-4000-8000-000000000000';
      const res = await t
        .http()
        .post(url(draft.id, 'invitations'))
        .set(buyer.auth)
        .send({ vendorIds: [org.id, unknown] })
        .expect(400);
      expectEnvelope(res, 'VALIDATION_FAILED');
      expect(res.body.error.details.fields).toEqual([{ path: 'vendorIds[1]', message: expect.any(String) }]);
      const malformed = await t
        .http()
        .post(url(draft.id, 'invitations'))
        .set(buyer.auth)
        .send({ vendorIds: ['abc'] })
        .expect(400);
      expect(malformed.body.error.details.fields.map((f: { path: string }) => f.path)).toEqual(['vendorIds']);
      expect(
        await t.dataSource.query(`SELECT vendor_id FROM opportunity_invitation WHERE opportunity_id = $1`, [draft.id]),
      ).toEqual([]);

      const publicDraft = await createDraft(t, buyer);
      expectEnvelope(
        await t
          .http()
          .post(url(publicDraft.id, 'invitations'))
          .set(buyer.auth)
          .send({ vendorIds: [org.id] })
          .expect(409),
        'CONFLICT',
      );
      const other = await buyerOfNewPublicBody(t, admin);
      expectEnvelope(
        await t
          .http()
          .post(url(draft.id, 'invitations'))
          .set(other.auth)
          .send({ vendorIds: [org.id] })
          .expect(404),
        'NOT_FOUND',
      );
      const published = await publishOpportunity(
        t,
        { admin, buyer },
        { procurementMode: 'invitation' },
        { invite: [org.id] },
      );
      expectEnvelope(
        await t
          .http()
          .post(url(published.id, 'invitations'))
          .set(other.auth)
          .send({ vendorIds: [org.id] })
          .expect(403),
        'FORBIDDEN',
      );
      expectEnvelope(
        await t
          .http()
          .post(url(published.id, 'invitations'))
          .set(owner.auth)
          .send({ vendorIds: [org.id] })
          .expect(403),
        'FORBIDDEN',
      );

      await t.http().post(url(published.id, 'cancel')).set(buyer.auth).send({ reason: 'Annulé' }).expect(200);
      expectEnvelope(
        await t
          .http()
          .post(url(published.id, 'invitations'))
          .set(buyer.auth)
          .send({ vendorIds: [org.id] })
          .expect(409),
        'INVALID_TRANSITION',
      );
    });
  });

  it('reads EVALUATION as soon as the deadline passes, and closes questions and addenda, without waiting for a job', async () => {
    const vendor = await registerVendor(t);
    const published = await publishOpportunity(
      t,
      { admin, buyer },
      { proposalDeadline: await dbTimeIn(t, '3 seconds') },
    );
    expect(published.questionsDeadline).toBe(published.proposalDeadline); // QUESTIONS_CLOSE_HOURS = 0
    await askQuestion(t, vendor, published.id, 'Juste à temps ?');

    await waitFor(
      'the deadline on the database clock',
      async () => (await dbNow(t)).getTime() >= Date.parse(published.proposalDeadline!),
      { timeoutMs: 15_000 },
    );
    const seen = await t.http().get(url(published.id)).expect(200);
    expect(seen.body.status).toBe('EVALUATION');
    expectEnvelope(
      await t
        .http()
        .post(url(published.id, 'questions'))
        .set(vendor.auth)
        .send({ question: 'Trop tard ?' })
        .expect(409),
      'QUESTIONS_CLOSED',
    );
    expectEnvelope(
      await t
        .http()
        .post(url(published.id, 'addenda'))
        .set(buyer.auth)
        .send({ body: { fr: 'Trop tard' }, affectsPrice: false })
        .expect(409),
      'DEADLINE_PASSED',
    );
    expectEnvelope(
      await t.http().post(url(published.id, 'publish')).set(admin.auth).send({}).expect(409),
      'INVALID_TRANSITION',
    );
  });

  it('refuses a deadline already reached even with a 0-day minimum (O4)', async () => {
    const draft = await createDraft(t, buyer, { proposalDeadline: await dbTimeIn(t, '-1 minute') });
    await submitForReview(t, buyer, draft.id);
    expectEnvelope(
      await t.http().post(url(draft.id, 'publish')).set(admin.auth).send({}).expect(422),
      'DEADLINE_TOO_SOON',
    );
  });
});
