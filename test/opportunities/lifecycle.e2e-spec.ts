import { startTestApp, TestApp } from '../support/test-app';
import {
  auditEventsFor,
  buyerOfNewPublicBody,
  createDraft,
  dbNow,
  dbTimeIn,
  expectEnvelope,
  loginAsAdmin,
  notificationsAbout,
  publishOpportunity,
  registerVendor,
  Session,
  subscribeTo,
  submitForReview,
  THREE_CRITERIA,
  unique,
  vendorWantingNews,
} from '../support/scenario';

/** Review, publication and cancellation, with the default rule settings (15-day minimum period, 72 h of questions). */
describe('Opportunity lifecycle (PostgreSQL + Redis)', () => {
  let t: TestApp;
  let admin: Session;
  let buyer: Session & { publicBodyId: string };

  beforeAll(async () => {
    t = await startTestApp({ label: 'opplifecycle' });
    admin = await loginAsAdmin(t);
    buyer = await buyerOfNewPublicBody(t, admin);
  });

  afterAll(async () => {
    await t?.close();
  });

  const url = (id: string, command = '') => `/api/v1/opportunities/${id}${command ? `/${command}` : ''}`;
  const setStatus = (id: string, status: string) =>
    t.dataSource.query(`UPDATE opportunity SET status = $2 WHERE id = $1`, [id, status]);

  describe('submit for review', () => {
    it('moves DRAFT → UNDER_REVIEW for an owning buyer, once', async () => {
      const draft = await createDraft(t, buyer);
      const res = await t.http().post(url(draft.id, 'submit-for-review')).set(buyer.auth).expect(200);
      expect(res.body.status).toBe('UNDER_REVIEW');
      const again = await t.http().post(url(draft.id, 'submit-for-review')).set(buyer.auth).expect(409);
      expectEnvelope(again, 'INVALID_TRANSITION');
      expect(again.body.error.details).toEqual({ from: 'UNDER_REVIEW', to: 'UNDER_REVIEW' });
      const events = await auditEventsFor(t, admin, draft.id);
      expect(events.map((e) => e.action)).toEqual(['opportunities.create', 'opportunities.submit-for-review']);
    });

    it('checks the content now: criteria (O2), K (O3), completeness with every missing field (O5)', async () => {
      const minimal = {
        title: { fr: 'Idée' },
        procurementMode: 'public',
        estimatedValueCents: 100_000,
        evaluationMethod: 'adjusted_price',
      };
      const noCriteria = (await t.http().post('/api/v1/opportunities').set(buyer.auth).send(minimal).expect(201)).body;
      expectEnvelope(
        await t.http().post(url(noCriteria.id, 'submit-for-review')).set(buyer.auth).expect(422),
        'INVALID_CRITERIA',
      );

      const noK = (
        await t
          .http()
          .post('/api/v1/opportunities')
          .set(buyer.auth)
          .send({ ...minimal, criteria: THREE_CRITERIA })
          .expect(201)
      ).body;
      expectEnvelope(await t.http().post(url(noK.id, 'submit-for-review')).set(buyer.auth).expect(422), 'INVALID_K');

      const incomplete = (
        await t
          .http()
          .post('/api/v1/opportunities')
          .set(buyer.auth)
          .send({ ...minimal, criteria: THREE_CRITERIA, kPercent: 25 })
          .expect(201)
      ).body;
      const res = await t.http().post(url(incomplete.id, 'submit-for-review')).set(buyer.auth).expect(422);
      expectEnvelope(res, 'INCOMPLETE_OPPORTUNITY');
      expect((res.body.error.details.fields as { path: string }[]).map((f) => f.path)).toEqual([
        'summary.fr',
        'description.fr',
        'license',
        'forgeProjectPath',
        'acceptanceCriteria',
        'proposalDeadline',
        'deliveryDueDate',
      ]);

      const early = await createDraft(t, buyer, { deliveryDueDate: '2000-01-01' });
      const late = await t.http().post(url(early.id, 'submit-for-review')).set(buyer.auth).expect(422);
      expect(late.body.error.details.fields).toEqual([
        { path: 'deliveryDueDate', message: expect.stringContaining('suivre') },
      ]);
    });

    it('answers 404 to another body’s buyer and 403 to a vendor', async () => {
      const draft = await createDraft(t, buyer);
      const other = await buyerOfNewPublicBody(t, admin);
      expectEnvelope(await t.http().post(url(draft.id, 'submit-for-review')).set(other.auth).expect(404), 'NOT_FOUND');
      const vendor = await registerVendor(t);
      expectEnvelope(await t.http().post(url(draft.id, 'submit-for-review')).set(vendor.auth).expect(403), 'FORBIDDEN');
    });
  });

  describe('return to draft', () => {
    it('moves UNDER_REVIEW → DRAFT with the admin’s comment, which the buyer reads', async () => {
      const draft = await createDraft(t, buyer);
      expectEnvelope(
        await t.http().post(url(draft.id, 'return-to-draft')).set(admin.auth).send({ comment: 'Trop tôt' }).expect(409),
        'INVALID_TRANSITION',
      );
      await submitForReview(t, buyer, draft.id);
      expectEnvelope(
        await t.http().post(url(draft.id, 'return-to-draft')).set(admin.auth).send({ comment: '  ' }).expect(400),
        'VALIDATION_FAILED',
      );
      expectEnvelope(
        await t.http().post(url(draft.id, 'return-to-draft')).set(buyer.auth).send({ comment: 'Moi-même' }).expect(403),
        'FORBIDDEN',
      );

      const res = await t
        .http()
        .post(url(draft.id, 'return-to-draft'))
        .set(admin.auth)
        .send({ comment: 'Préciser les critères d’acceptation.' })
        .expect(200);
      expect(res.body).toMatchObject({ status: 'DRAFT', reviewComment: 'Préciser les critères d’acceptation.' });
      const seen = await t.http().get(url(draft.id)).set(buyer.auth).expect(200);
      expect(seen.body.reviewComment).toBe('Préciser les critères d’acceptation.');
      // Editable again.
      await t
        .http()
        .patch(url(draft.id))
        .set(buyer.auth)
        .send({ acceptanceCriteria: [{ fr: 'Tests' }, { fr: 'Documentation' }] })
        .expect(200);
      const events = await auditEventsFor(t, admin, draft.id);
      expect(events.find((e) => e.action === 'opportunities.return-to-draft')?.data).toEqual({
        from: 'UNDER_REVIEW',
        to: 'DRAFT',
        comment: 'Préciser les critères d’acceptation.',
      });
    });
  });

  describe('publish', () => {
    it('publishes at the database time, computes the deadlines (O7) and e-mails vendors who asked for news', async () => {
      const watcher = await vendorWantingNews(t, 'Veilleuse');
      const english = await vendorWantingNews(t, 'Watcher');
      await t.dataSource.query(`UPDATE app_user SET preferred_language = 'en' WHERE id = $1`, [english.userId]);
      const quiet = await registerVendor(t, 'Discret');
      const deadline = await dbTimeIn(t, '30 days');

      const draft = await createDraft(t, buyer, { proposalDeadline: deadline });
      expectEnvelope(
        await t.http().post(url(draft.id, 'publish')).set(admin.auth).send({}).expect(409),
        'INVALID_TRANSITION',
      );
      await submitForReview(t, buyer, draft.id);
      expectEnvelope(await t.http().post(url(draft.id, 'publish')).set(buyer.auth).send({}).expect(403), 'FORBIDDEN');
      const before = await dbNow(t);
      const res = await t.http().post(url(draft.id, 'publish')).set(admin.auth).send({}).expect(200);
      const after = await dbNow(t);

      expect(res.body.status).toBe('PUBLISHED');
      const publishedAt = Date.parse(res.body.publishedAt);
      expect(publishedAt).toBeGreaterThanOrEqual(before.getTime());
      expect(publishedAt).toBeLessThanOrEqual(after.getTime());
      expect(res.body.questionsDeadline).toBe(new Date(Date.parse(deadline) - 72 * 3_600_000).toISOString());
      // 30-day period: half of it (15 days) beats 10 days.
      expect(res.body.complaintDeadline).toBe(
        new Date(publishedAt + Math.floor((Date.parse(deadline) - publishedAt) / 2)).toISOString(),
      );

      const mails = await notificationsAbout(t, draft.id, 'opportunity-published');
      const byUser = new Map(mails.map((m) => [m.recipient_user_id, m]));
      expect(byUser.get(watcher.userId)).toMatchObject({
        language: 'fr',
        data: expect.objectContaining({ reference: draft.reference }),
      });
      expect(byUser.get(english.userId)).toMatchObject({ language: 'en' });
      expect(byUser.has(quiet.userId)).toBe(false);

      // Anyone reads it now; publishing twice is refused.
      const anonymous = await t.http().get(url(draft.id)).expect(200);
      expect(anonymous.body).not.toHaveProperty('reviewComment');
      expectEnvelope(
        await t.http().post(url(draft.id, 'publish')).set(admin.auth).send({}).expect(409),
        'INVALID_TRANSITION',
      );
      const events = await auditEventsFor(t, admin, draft.id);
      expect(events.at(-1)).toMatchObject({
        action: 'opportunities.publish',
        actorRole: 'admin',
        data: expect.objectContaining({ publishedAt: res.body.publishedAt }),
      });
    });

    it('gives complaints at least 10 Montréal days', async () => {
      const published = await publishOpportunity(
        t,
        { admin, buyer },
        { proposalDeadline: await dbTimeIn(t, '16 days') },
      );
      const [row] = (await t.dataSource.query(
        `SELECT complaint_deadline = ((published_at AT TIME ZONE 'America/Montreal') + interval '10 days') AT TIME ZONE 'America/Montreal' AS ten_days
           FROM opportunity WHERE id = $1`,
        [published.id],
      )) as { ten_days: boolean }[];
      expect(row.ten_days).toBe(true);
    });

    it('refuses a deadline closer than the minimum tender period (O4, 422 DEADLINE_TOO_SOON)', async () => {
      const tooSoon = await createDraft(t, buyer, { proposalDeadline: await dbTimeIn(t, '15 days - 1 hour') });
      await submitForReview(t, buyer, tooSoon.id);
      const res = await t.http().post(url(tooSoon.id, 'publish')).set(admin.auth).send({}).expect(422);
      expectEnvelope(res, 'DEADLINE_TOO_SOON');
      expect(res.body.error.details).toMatchObject({ minTenderPeriodDays: 15, earliestAllowed: expect.any(String) });

      const justEnough = await createDraft(t, buyer, { proposalDeadline: await dbTimeIn(t, '15 days 1 hour') });
      await submitForReview(t, buyer, justEnough.id);
      await t.http().post(url(justEnough.id, 'publish')).set(admin.auth).send({}).expect(200);
    });

    it('re-checks value (O1) and completeness (O5) at publication', async () => {
      const draft = await createDraft(t, buyer);
      await submitForReview(t, buyer, draft.id);
      await t.dataSource.query(`UPDATE opportunity SET estimated_value_cents = 9000000 WHERE id = $1`, [draft.id]);
      expectEnvelope(
        await t.http().post(url(draft.id, 'publish')).set(admin.auth).send({}).expect(422),
        'VALUE_ABOVE_CAP',
      );

      await t.dataSource.query(
        `UPDATE opportunity SET estimated_value_cents = 100000, summary = '{"fr": ""}', acceptance_criteria = '[]' WHERE id = $1`,
        [draft.id],
      );
      const res = await t.http().post(url(draft.id, 'publish')).set(admin.auth).send({}).expect(422);
      expectEnvelope(res, 'INCOMPLETE_OPPORTUNITY');
      expect((res.body.error.details.fields as { path: string }[]).map((f) => f.path)).toEqual([
        'summary.fr',
        'acceptanceCriteria',
      ]);
      expect((await t.http().get(url(draft.id)).set(buyer.auth).expect(200)).body.status).toBe('UNDER_REVIEW');
    });

    it('refuses possible contract splitting without a justification (O8), and records the justification', async () => {
      const forgeProjectPath = `gouv/echanges/${unique('fractionne')}`;
      const first = await publishOpportunity(t, { admin, buyer }, { forgeProjectPath, estimatedValueCents: 5_000_000 });
      const second = await createDraft(t, buyer, { forgeProjectPath, estimatedValueCents: 4_000_000 });
      await submitForReview(t, buyer, second.id);

      const refused = await t.http().post(url(second.id, 'publish')).set(admin.auth).send({}).expect(422);
      expectEnvelope(refused, 'POSSIBLE_SPLITTING');
      expect(refused.body.error.details).toMatchObject({
        publishedInWindowCents: 5_000_000,
        references: [first.reference],
        capCents: 9_000_000,
        windowDays: 90,
      });

      const justification = 'Deux phases distinctes approuvées par le dirigeant de l’organisme.';
      const res = await t
        .http()
        .post(url(second.id, 'publish'))
        .set(admin.auth)
        .send({ splittingJustification: justification })
        .expect(200);
      expect(res.body.splittingJustification).toBe(justification);
      expect((await t.http().get(url(second.id)).expect(200)).body).not.toHaveProperty('splittingJustification');
      const events = await auditEventsFor(t, admin, second.id);
      expect(events.at(-1)?.data).toMatchObject({
        splittingJustification: justification,
        splitting: { suspected: true, references: [first.reference] },
      });
    });

    it('counts only the same body’s same project, published in the window and not cancelled (O8)', async () => {
      const forgeProjectPath = `gouv/echanges/${unique('fenetre')}`;
      const other = await buyerOfNewPublicBody(t, admin);
      await publishOpportunity(t, { admin, buyer: other }, { forgeProjectPath, estimatedValueCents: 8_000_000 });
      const old = await publishOpportunity(t, { admin, buyer }, { forgeProjectPath, estimatedValueCents: 8_000_000 });
      await t.dataSource.query(`UPDATE opportunity SET published_at = now() - interval '91 days' WHERE id = $1`, [
        old.id,
      ]);
      const cancelled = await publishOpportunity(
        t,
        { admin, buyer },
        { forgeProjectPath, estimatedValueCents: 8_000_000 },
      );
      await t.http().post(url(cancelled.id, 'cancel')).set(buyer.auth).send({ reason: 'Besoin revu' }).expect(200);
      // Neither the other body's, nor the one outside the window, nor the cancelled one count.
      const current = await publishOpportunity(
        t,
        { admin, buyer },
        { forgeProjectPath, estimatedValueCents: 8_000_000 },
      );

      // Inside the window (89 days ago), it counts.
      await t.dataSource.query(`UPDATE opportunity SET published_at = now() - interval '89 days' WHERE id = $1`, [
        current.id,
      ]);
      const next = await createDraft(t, buyer, { forgeProjectPath, estimatedValueCents: 1_000_000 });
      await submitForReview(t, buyer, next.id);
      const res = await t.http().post(url(next.id, 'publish')).set(admin.auth).send({}).expect(422);
      expect(res.body.error.details.references).toEqual([current.reference]);
    });

    it('freezes the published opportunity: edits answer 409 OPPORTUNITY_FROZEN (O9)', async () => {
      const published = await publishOpportunity(t, { admin, buyer });
      const res = await t
        .http()
        .patch(url(published.id))
        .set(buyer.auth)
        .send({ kPercent: 20, estimatedValueCents: 100, title: { fr: 'Autre' } })
        .expect(409);
      expectEnvelope(res, 'OPPORTUNITY_FROZEN');
      expect(res.body.error.details.frozenFields).toEqual(['estimatedValueCents', 'kPercent']);
      for (const change of [
        { criteria: THREE_CRITERIA },
        { license: 'MIT' },
        { evaluationMethod: 'min_quality_lowest_price' },
        { summary: { fr: 'Nouveau résumé' } },
      ]) {
        expectEnvelope(
          await t.http().patch(url(published.id)).set(buyer.auth).send(change).expect(409),
          'OPPORTUNITY_FROZEN',
        );
      }
      expectEnvelope(await t.http().delete(url(published.id)).set(buyer.auth).expect(409), 'INVALID_TRANSITION');
      const unchanged = await t.http().get(url(published.id)).expect(200);
      expect(unchanged.body).toMatchObject({ kPercent: 30, estimatedValueCents: 6_500_000, license: 'LiLiQ-P-1.1' });
    });
  });

  describe('cancel', () => {
    it('cancels from UNDER_REVIEW (owning buyer) and from PUBLISHED (admin), e-mailing subscribers', async () => {
      const reviewed = await createDraft(t, buyer);
      await submitForReview(t, buyer, reviewed.id);
      const res = await t
        .http()
        .post(url(reviewed.id, 'cancel'))
        .set(buyer.auth)
        .send({ reason: 'Budget retiré' })
        .expect(200);
      expect(res.body).toMatchObject({
        status: 'CANCELLED',
        cancellationReason: 'Budget retiré',
        cancelledAt: expect.any(String),
      });

      const published = await publishOpportunity(t, { admin, buyer });
      const follower = await registerVendor(t, 'Abonnée');
      const bystander = await registerVendor(t, 'Passant');
      await subscribeTo(t, follower, published.id);
      const cancelled = await t
        .http()
        .post(url(published.id, 'cancel'))
        .set(admin.auth)
        .send({ reason: 'Besoin comblé autrement' })
        .expect(200);
      expect(cancelled.body.status).toBe('CANCELLED');
      const mails = await notificationsAbout(t, published.id, 'opportunity-cancelled');
      expect(mails.map((m) => m.recipient_user_id)).toEqual([follower.userId]);
      expect(mails[0].data).toMatchObject({ reference: published.reference, reason: 'Besoin comblé autrement' });
      expect(mails.some((m) => m.recipient_user_id === bystander.userId)).toBe(false);
      // Still public, as cancelled.
      expect((await t.http().get(url(published.id)).expect(200)).body).toMatchObject({
        status: 'CANCELLED',
        cancellationReason: 'Besoin comblé autrement',
      });
    });

    it('cancels an opportunity whose deadline has passed (EVALUATION before any job ran)', async () => {
      const published = await publishOpportunity(t, { admin, buyer });
      await t.dataSource.query(`UPDATE opportunity SET proposal_deadline = now() - interval '1 minute' WHERE id = $1`, [
        published.id,
      ]);
      expect((await t.http().get(url(published.id)).expect(200)).body.status).toBe('EVALUATION');
      const res = await t
        .http()
        .post(url(published.id, 'cancel'))
        .set(buyer.auth)
        .send({ reason: 'Aucune proposition recevable' })
        .expect(200);
      expect(res.body.status).toBe('CANCELLED');
      const events = await auditEventsFor(t, admin, published.id);
      expect(events.at(-1)).toMatchObject({
        action: 'opportunities.cancel',
        data: expect.objectContaining({ from: 'EVALUATION', to: 'CANCELLED' }),
      });
    });

    it.each(['DRAFT', 'CANCELLED', 'AWARDED', 'UNSUCCESSFUL'])(
      'refuses to cancel from %s (409 INVALID_TRANSITION)',
      async (status) => {
        const draft = await createDraft(t, buyer);
        await setStatus(draft.id, status);
        const res = await t.http().post(url(draft.id, 'cancel')).set(admin.auth).send({ reason: 'Essai' }).expect(409);
        expectEnvelope(res, 'INVALID_TRANSITION');
        expect(res.body.error.details).toEqual({ from: status, to: 'CANCELLED' });
      },
    );

    it('needs a reason (400), and answers 403 to a vendor and to a buyer of another body who can see it', async () => {
      const published = await publishOpportunity(t, { admin, buyer });
      expectEnvelope(
        await t.http().post(url(published.id, 'cancel')).set(buyer.auth).send({}).expect(400),
        'VALIDATION_FAILED',
      );
      const vendor = await registerVendor(t);
      expectEnvelope(
        await t.http().post(url(published.id, 'cancel')).set(vendor.auth).send({ reason: 'x' }).expect(403),
        'FORBIDDEN',
      );
      const other = await buyerOfNewPublicBody(t, admin);
      expectEnvelope(
        await t.http().post(url(published.id, 'cancel')).set(other.auth).send({ reason: 'x' }).expect(403),
        'FORBIDDEN',
      );
      expect((await t.http().get(url(published.id)).expect(200)).body.status).toBe('PUBLISHED');
    });
  });
});
