import { startTestApp, TestApp } from '../support/test-app';
import {
  answerQuestion,
  askQuestion,
  auditEventsFor,
  buyerOfNewPublicBody,
  createDraft,
  dbTimeIn,
  expectEnvelope,
  login,
  loginAsAdmin,
  notificationsAbout,
  PASSWORD,
  publishOpportunity,
  registerVendor,
  Session,
  setDeadlines,
  subscribeTo,
  submitForReview,
  unique,
} from '../support/scenario';

/**
 * Addenda, questions and subscriptions while the call is open. The minimum tender period is
 * 0 so that deadlines a few days away can be published; questions close 72 h before the
 * deadline and price-affecting addenda leave 7 days (the defaults).
 */
describe('During the call: addenda, questions, subscriptions (PostgreSQL + Redis)', () => {
  let t: TestApp;
  let admin: Session;
  let buyer: Session & { publicBodyId: string };

  beforeAll(async () => {
    t = await startTestApp({ label: 'oppcall', env: { MIN_TENDER_PERIOD_DAYS: '0' } });
    admin = await loginAsAdmin(t);
    buyer = await buyerOfNewPublicBody(t, admin);
  });

  afterAll(async () => {
    await t?.close();
  });

  const url = (id: string, command = '') => `/api/v1/opportunities/${id}${command ? `/${command}` : ''}`;
  const addendum = (id: string, who: Session, body: Record<string, unknown>) =>
    t.http().post(url(id, 'addenda')).set(who.auth).send(body);

  describe('addenda (O10)', () => {
    it('extends the deadline, recomputes the questions deadline, numbers the addenda and e-mails subscribers', async () => {
      const published = await publishOpportunity(
        t,
        { admin, buyer },
        { proposalDeadline: await dbTimeIn(t, '30 days') },
      );
      const follower = await registerVendor(t, 'Abonné');
      await subscribeTo(t, follower, published.id);
      const later = await dbTimeIn(t, '40 days');

      const first = await addendum(published.id, buyer, {
        body: { fr: 'Ajout d’une exigence d’accessibilité.' },
        newProposalDeadline: later,
        affectsPrice: false,
      }).expect(201);
      expect(first.body).toMatchObject({
        number: 1,
        previousDeadline: published.proposalDeadline,
        proposalDeadline: later,
        questionsDeadline: new Date(Date.parse(later) - 72 * 3_600_000).toISOString(),
        affectsPrice: false,
      });
      const second = await addendum(published.id, buyer, {
        body: { fr: 'Précision sans effet sur la date.' },
        affectsPrice: false,
      }).expect(201);
      expect(second.body).toMatchObject({ number: 2, previousDeadline: later, proposalDeadline: later });

      const seen = await t.http().get(url(published.id)).expect(200);
      expect(seen.body.proposalDeadline).toBe(later);
      expect(seen.body.addenda.map((a: { number: number; body: { fr: string } }) => [a.number, a.body.fr])).toEqual([
        [1, 'Ajout d’une exigence d’accessibilité.'],
        [2, 'Précision sans effet sur la date.'],
      ]);
      const mails = await notificationsAbout(t, published.id, 'opportunity-addendum');
      expect(mails.map((m) => [m.recipient_user_id, m.data.addendumNumber])).toEqual([
        [follower.userId, 1],
        [follower.userId, 2],
      ]);
    });

    it('e-mails a subscriber whose address has the full 254 characters (no command fails on a long address)', async () => {
      const published = await publishOpportunity(
        t,
        { admin, buyer },
        { proposalDeadline: await dbTimeIn(t, '30 days') },
      );
      // 64 + 1 + 63 + 1 + 63 + 1 + 58 + 3 = 254 characters, the longest address accepted.
      const email = `${unique('l').padEnd(64, 'l')}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.ca`;
      expect(email).toHaveLength(254);
      await t
        .http()
        .post('/api/v1/auth/register')
        .send({ email, password: PASSWORD, name: 'Adresse longue' })
        .expect(201);
      const follower = await login(t, email, PASSWORD);
      await subscribeTo(t, follower, published.id);

      await addendum(published.id, buyer, { body: { fr: 'Précision.' }, affectsPrice: false }).expect(201);
      const mails = await notificationsAbout(t, published.id, 'opportunity-addendum');
      expect(mails.map((m) => m.recipient_email)).toEqual([email]);
    });

    it('refuses to bring the deadline forward (422 DEADLINE_CANNOT_SHRINK), even by a second', async () => {
      const published = await publishOpportunity(
        t,
        { admin, buyer },
        { proposalDeadline: await dbTimeIn(t, '30 days') },
      );
      const earlier = new Date(Date.parse(published.proposalDeadline!) - 1000).toISOString();
      const res = await addendum(published.id, buyer, {
        body: { fr: 'Plus tôt' },
        newProposalDeadline: earlier,
        affectsPrice: false,
      }).expect(422);
      expectEnvelope(res, 'DEADLINE_CANNOT_SHRINK');
      const seen = await t.http().get(url(published.id)).expect(200);
      expect(seen.body).toMatchObject({ proposalDeadline: published.proposalDeadline, addenda: [] });
    });

    it('pushes the deadline to exactly now + 7 days when a price-affecting addendum leaves fewer', async () => {
      const published = await publishOpportunity(
        t,
        { admin, buyer },
        { proposalDeadline: await dbTimeIn(t, '3 days') },
      );
      const res = await addendum(published.id, buyer, {
        body: { fr: 'Nouvelle option obligatoire' },
        affectsPrice: true,
      }).expect(201);
      const [row] = (await t.dataSource.query(
        `SELECT proposal_deadline = ((published_at AT TIME ZONE 'America/Montreal') + interval '7 days') AT TIME ZONE 'America/Montreal' AS exact,
                proposal_deadline
           FROM opportunity_addendum WHERE id = $1`,
        [res.body.id],
      )) as { exact: boolean; proposal_deadline: Date }[];
      expect(row.exact).toBe(true);
      expect(res.body.proposalDeadline).toBe(new Date(row.proposal_deadline).toISOString());
      expect((await t.http().get(url(published.id)).expect(200)).body.proposalDeadline).toBe(res.body.proposalDeadline);
      const events = await auditEventsFor(t, admin, published.id);
      expect(events.at(-1)).toMatchObject({
        action: 'opportunities.addendum',
        data: expect.objectContaining({ extendedForPrice: true, affectsPrice: true }),
      });

      // A requested deadline still too close is pushed as well; one far enough is kept.
      const soon = await publishOpportunity(t, { admin, buyer }, { proposalDeadline: await dbTimeIn(t, '2 days') });
      const pushed = await addendum(soon.id, buyer, {
        body: { fr: 'Prix' },
        newProposalDeadline: await dbTimeIn(t, '4 days'),
        affectsPrice: true,
      }).expect(201);
      expect(Date.parse(pushed.body.proposalDeadline)).toBeGreaterThan(
        Date.parse(await dbTimeIn(t, '6 days 23 hours')),
      );
      const far = await dbTimeIn(t, '20 days');
      const kept = await addendum(soon.id, buyer, {
        body: { fr: 'Prix encore' },
        newProposalDeadline: far,
        affectsPrice: true,
      }).expect(201);
      expect(kept.body.proposalDeadline).toBe(far);
    });

    it('leaves the deadline alone for a price-affecting addendum with 7 days or more left', async () => {
      const published = await publishOpportunity(
        t,
        { admin, buyer },
        { proposalDeadline: await dbTimeIn(t, '10 days') },
      );
      const res = await addendum(published.id, buyer, {
        body: { fr: 'Prix, sans urgence' },
        affectsPrice: true,
      }).expect(201);
      expect(res.body.proposalDeadline).toBe(published.proposalDeadline);
    });

    it('is refused after the deadline (409 DEADLINE_PASSED) and outside PUBLISHED (409 INVALID_TRANSITION)', async () => {
      const published = await publishOpportunity(t, { admin, buyer });
      await setDeadlines(t, published.id, { proposal: '-1 second' });
      expectEnvelope(
        await addendum(published.id, buyer, { body: { fr: 'Trop tard' }, affectsPrice: false }).expect(409),
        'DEADLINE_PASSED',
      );

      const reviewed = await createDraft(t, buyer);
      await submitForReview(t, buyer, reviewed.id);
      expectEnvelope(
        await addendum(reviewed.id, buyer, { body: { fr: 'Avant publication' }, affectsPrice: false }).expect(409),
        'INVALID_TRANSITION',
      );
      expect(
        await t.dataSource.query(`SELECT id FROM opportunity_addendum WHERE opportunity_id = ANY($1::uuid[])`, [
          [published.id, reviewed.id],
        ]),
      ).toEqual([]);
    });

    it('is for owning buyers only, with a French body and the price flag', async () => {
      const published = await publishOpportunity(t, { admin, buyer });
      const other = await buyerOfNewPublicBody(t, admin);
      const vendor = await registerVendor(t);
      expectEnvelope(
        await addendum(published.id, other, { body: { fr: 'x' }, affectsPrice: false }).expect(403),
        'FORBIDDEN',
      );
      expectEnvelope(
        await addendum(published.id, vendor, { body: { fr: 'x' }, affectsPrice: false }).expect(403),
        'FORBIDDEN',
      );
      expectEnvelope(
        await addendum(published.id, admin, { body: { fr: 'x' }, affectsPrice: false }).expect(403),
        'FORBIDDEN',
      );
      const bad = await addendum(published.id, buyer, {
        body: { en: 'English only' },
        newProposalDeadline: 'demain',
      }).expect(400);
      expect(new Set((bad.body.error.details.fields as { path: string }[]).map((f) => f.path))).toEqual(
        new Set(['body.fr', 'newProposalDeadline', 'affectsPrice']),
      );
    });
  });

  describe('questions and answers (O11)', () => {
    it('publishes the answer to everyone without the asker, and e-mails subscribers and the asker', async () => {
      const published = await publishOpportunity(t, { admin, buyer });
      const asker = await registerVendor(t, 'Marie Tremblay');
      const follower = await registerVendor(t, 'Abonnée');
      const bystander = await registerVendor(t, 'Passant');
      await subscribeTo(t, follower, published.id);

      const asked = await t
        .http()
        .post(url(published.id, 'questions'))
        .set(asker.auth)
        .send({ question: '  Le code doit-il être bilingue ?  ' })
        .expect(201);
      expect(asked.body).toEqual({
        id: expect.any(String),
        question: 'Le code doit-il être bilingue ?',
        askedAt: expect.any(String),
        answer: null,
        answeredAt: null,
      });

      // Unanswered: only the asker and the owning buyer see it.
      expect((await t.http().get(url(published.id)).expect(200)).body.questions).toEqual([]);
      expect((await t.http().get(url(published.id, 'questions')).expect(200)).body).toMatchObject({
        items: [],
        total: 0,
      });
      expect((await t.http().get(url(published.id, 'questions')).set(bystander.auth).expect(200)).body.total).toBe(0);
      expect(
        (await t.http().get(url(published.id, 'questions')).set(asker.auth).expect(200)).body.items.map(
          (q: { id: string }) => q.id,
        ),
      ).toEqual([asked.body.id]);
      expect((await t.http().get(url(published.id, 'questions')).set(buyer.auth).expect(200)).body.total).toBe(1);

      const answered = await t
        .http()
        .post(url(published.id, `questions/${asked.body.id}/answer`))
        .set(buyer.auth)
        .send({ answer: { fr: 'Oui : français obligatoire, anglais souhaité.', en: 'Yes.' } })
        .expect(200);
      expect(answered.body).toMatchObject({
        answer: { fr: 'Oui : français obligatoire, anglais souhaité.', en: 'Yes.' },
        answeredAt: expect.any(String),
      });

      const page = await t.http().get(url(published.id)).set(bystander.auth).expect(200);
      expect(page.body.questions).toEqual([
        {
          id: asked.body.id,
          question: 'Le code doit-il être bilingue ?',
          askedAt: asked.body.askedAt,
          answer: { fr: 'Oui : français obligatoire, anglais souhaité.', en: 'Yes.' },
          answeredAt: answered.body.answeredAt,
        },
      ]);
      for (const text of [
        JSON.stringify(page.body),
        JSON.stringify((await t.http().get(url(published.id, 'questions')).expect(200)).body),
      ]) {
        expect(text).not.toContain(asker.userId);
        expect(text).not.toContain(asker.email);
        expect(text).not.toContain('Marie Tremblay');
      }

      const mails = await notificationsAbout(t, published.id, 'opportunity-answer');
      expect(mails.map((m) => m.recipient_user_id).sort()).toEqual([asker.userId, follower.userId].sort());
      expect(mails[0].data).toMatchObject({
        questionId: asked.body.id,
        answer: { fr: 'Oui : français obligatoire, anglais souhaité.' },
      });
      expect(JSON.stringify(mails.map((m) => m.data))).not.toContain(asker.email);
    });

    it('answers once (409 CONFLICT), for owning buyers, to a question of this opportunity', async () => {
      const published = await publishOpportunity(t, { admin, buyer });
      const another = await publishOpportunity(t, { admin, buyer });
      const vendor = await registerVendor(t);
      const question = await askQuestion(t, vendor, published.id);
      await answerQuestion(t, buyer, published.id, question.id);
      const answer = { answer: { fr: 'Autre réponse' } };
      expectEnvelope(
        await t
          .http()
          .post(url(published.id, `questions/${question.id}/answer`))
          .set(buyer.auth)
          .send(answer)
          .expect(409),
        'CONFLICT',
      );
      expectEnvelope(
        await t
          .http()
          .post(url(another.id, `questions/${question.id}/answer`))
          .set(buyer.auth)
          .send(answer)
          .expect(404),
        'NOT_FOUND',
      );
      expectEnvelope(
        await t
          .http()
          .post(url(published.id, `questions/${question.id}/answer`))
          .set(vendor.auth)
          .send(answer)
          .expect(403),
        'FORBIDDEN',
      );
      const other = await buyerOfNewPublicBody(t, admin);
      expectEnvelope(
        await t
          .http()
          .post(url(published.id, `questions/${question.id}/answer`))
          .set(other.auth)
          .send(answer)
          .expect(403),
        'FORBIDDEN',
      );
      expectEnvelope(
        await t
          .http()
          .post(url(published.id, `questions/${question.id}/answer`))
          .set(buyer.auth)
          .send({ answer: { fr: '' } })
          .expect(400),
        'VALIDATION_FAILED',
      );
    });

    it('closes questions at the questions deadline, 72 h before the proposal deadline (409 QUESTIONS_CLOSED)', async () => {
      const published = await publishOpportunity(
        t,
        { admin, buyer },
        { proposalDeadline: await dbTimeIn(t, '48 hours') },
      );
      expect(Date.parse(published.questionsDeadline!)).toBe(Date.parse(published.proposalDeadline!) - 72 * 3_600_000);
      const vendor = await registerVendor(t);
      const res = await t
        .http()
        .post(url(published.id, 'questions'))
        .set(vendor.auth)
        .send({ question: 'Encore possible ?' })
        .expect(409);
      expectEnvelope(res, 'QUESTIONS_CLOSED');
      expect(res.body.error.details.questionsDeadline).toBe(published.questionsDeadline);
      // The call itself is still open.
      expect((await t.http().get(url(published.id)).expect(200)).body.status).toBe('PUBLISHED');

      const open = await publishOpportunity(t, { admin, buyer });
      await setDeadlines(t, open.id, { questions: '1 hour' });
      await askQuestion(t, vendor, open.id);
      await setDeadlines(t, open.id, { questions: '-1 millisecond' });
      expectEnvelope(
        await t.http().post(url(open.id, 'questions')).set(vendor.auth).send({ question: 'Une de plus ?' }).expect(409),
        'QUESTIONS_CLOSED',
      );
    });

    it('refuses answers after the proposal deadline (409 DEADLINE_PASSED)', async () => {
      const published = await publishOpportunity(t, { admin, buyer });
      const vendor = await registerVendor(t);
      const question = await askQuestion(t, vendor, published.id);
      await setDeadlines(t, published.id, { proposal: '-1 second' });
      expectEnvelope(
        await t
          .http()
          .post(url(published.id, `questions/${question.id}/answer`))
          .set(buyer.auth)
          .send({ answer: { fr: 'Trop tard' } })
          .expect(409),
        'DEADLINE_PASSED',
      );
      expectEnvelope(
        await t
          .http()
          .post(url(published.id, 'questions'))
          .set(vendor.auth)
          .send({ question: 'Et maintenant ?' })
          .expect(409),
        'QUESTIONS_CLOSED',
      );

      const cancelled = await publishOpportunity(t, { admin, buyer });
      const pending = await askQuestion(t, vendor, cancelled.id);
      await t.http().post(url(cancelled.id, 'cancel')).set(buyer.auth).send({ reason: 'Annulé' }).expect(200);
      expectEnvelope(
        await t
          .http()
          .post(url(cancelled.id, `questions/${pending.id}/answer`))
          .set(buyer.auth)
          .send({ answer: { fr: 'Sans objet' } })
          .expect(409),
        'INVALID_TRANSITION',
      );
      expectEnvelope(
        await t.http().post(url(cancelled.id, 'questions')).set(vendor.auth).send({ question: 'Annulé ?' }).expect(409),
        'QUESTIONS_CLOSED',
      );
    });

    it('takes questions from vendors only, on opportunities they can see', async () => {
      const draft = await createDraft(t, buyer);
      const vendor = await registerVendor(t);
      expectEnvelope(
        await t.http().post(url(draft.id, 'questions')).set(vendor.auth).send({ question: 'Brouillon ?' }).expect(404),
        'NOT_FOUND',
      );
      const published = await publishOpportunity(t, { admin, buyer });
      expectEnvelope(
        await t.http().post(url(published.id, 'questions')).set(buyer.auth).send({ question: 'Moi ?' }).expect(403),
        'FORBIDDEN',
      );
      expectEnvelope(
        await t.http().post(url(published.id, 'questions')).set(vendor.auth).send({ question: '' }).expect(400),
        'VALIDATION_FAILED',
      );
      expectEnvelope(
        await t.http().post(url(published.id, 'questions')).send({ question: 'Anonyme ?' }).expect(401),
        'UNAUTHENTICATED',
      );
    });
  });

  describe('subscriptions and preferences', () => {
    it('subscribes idempotently (201 twice, one row) and unsubscribes (204)', async () => {
      const published = await publishOpportunity(t, { admin, buyer });
      const vendor = await registerVendor(t);
      const first = await subscribeTo(t, vendor, published.id);
      const second = await subscribeTo(t, vendor, published.id);
      expect(second).toEqual(first);
      const rows = () =>
        t.dataSource.query(`SELECT user_id FROM opportunity_subscription WHERE opportunity_id = $1`, [published.id]);
      expect(await rows()).toEqual([{ user_id: vendor.userId }]);
      await t.http().delete(url(published.id, 'subscriptions')).set(vendor.auth).expect(204);
      await t.http().delete(url(published.id, 'subscriptions')).set(vendor.auth).expect(204);
      expect(await rows()).toEqual([]);

      const draft = await createDraft(t, buyer);
      expectEnvelope(await t.http().post(url(draft.id, 'subscriptions')).set(vendor.auth).expect(404), 'NOT_FOUND');
      expectEnvelope(await t.http().post(url(published.id, 'subscriptions')).set(buyer.auth).expect(403), 'FORBIDDEN');
    });

    it('records a vendor’s wish to hear of new opportunities', async () => {
      const vendor = await registerVendor(t);
      const res = await t
        .http()
        .put('/api/v1/me/notification-preferences')
        .set(vendor.auth)
        .send({ newOpportunities: true })
        .expect(200);
      expect(res.body).toEqual({ newOpportunities: true });
      const flag = async () =>
        (
          (await t.dataSource.query(`SELECT notify_new_opportunities AS f FROM app_user WHERE id = $1`, [
            vendor.userId,
          ])) as { f: boolean }[]
        )[0].f;
      expect(await flag()).toBe(true);
      await t
        .http()
        .put('/api/v1/me/notification-preferences')
        .set(vendor.auth)
        .send({ newOpportunities: false })
        .expect(200);
      expect(await flag()).toBe(false);
      expectEnvelope(
        await t
          .http()
          .put('/api/v1/me/notification-preferences')
          .set(vendor.auth)
          .send({ newOpportunities: 'oui' })
          .expect(400),
        'VALIDATION_FAILED',
      );
      expectEnvelope(
        await t
          .http()
          .put('/api/v1/me/notification-preferences')
          .set(buyer.auth)
          .send({ newOpportunities: true })
          .expect(403),
        'FORBIDDEN',
      );
    });
  });
});
