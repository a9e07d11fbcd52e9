import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SYSTEM_CONTEXT } from '../../src/common/auth/actor';
import { CommandRunner } from '../../src/common/command/command-runner.service';
import { LOGGED_NOTE } from '../../src/notifications/mailer';
import { NotificationRequest } from '../../src/notifications/notification.types';
import { NotificationsService } from '../../src/notifications/notifications.service';
import {
  createAccount,
  createPublicBody,
  expectEnvelope,
  loginAsAdmin,
  registerVendor,
  Session,
  unique,
} from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

interface NotificationView {
  id: string;
  recipientUserId: string | null;
  recipientEmail: string;
  language: string;
  template: string;
  entityId: string;
  subject: string | null;
  status: string;
  attempts: number;
  note: string | null;
  sentAt: string | null;
  createdAt: string;
}

/** Without SMTP_URL (the embedded default), e-mails go to the log and count as sent, with a note. */
describe('Notifications record (GET /notifications), without SMTP_URL', () => {
  let t: TestApp;
  let admin: Session;
  const entityId = randomUUID();
  const userId = randomUUID();
  const frEmail = `${unique('Acheteuse')}@exemple.quebec`;
  const enEmail = `${unique('buyer')}@exemple.quebec`;
  const debug = jest.spyOn(Logger.prototype, 'debug');

  const request: NotificationRequest = {
    template: 'opportunity-cancelled',
    recipients: [
      { userId, email: frEmail, language: 'fr' },
      { userId: null, email: enEmail, language: 'en' },
    ],
    entityType: 'opportunity',
    entityId,
    eventKey: `opportunity-cancelled:${entityId}`,
    data: {
      reference: 'EEC-2027-0007',
      title: { fr: 'Plateforme de réservation', en: 'Booking platform' },
      reason: 'Besoin annulé',
      url: '/x',
    },
  };

  const list = (session: Session, query: Record<string, string | number>) =>
    t.http().get('/api/v1/notifications').query(query).set(session.auth);

  beforeAll(async () => {
    t = await startTestApp({ label: 'mailapi', redis: false, env: { SMTP_URL: undefined } });
    admin = await loginAsAdmin(t);
    await t.app.get(CommandRunner).run(SYSTEM_CONTEXT, async (scope) => {
      scope.audit({ action: 'test.notify', entityType: 'opportunity', entityId });
      await t.app.get(NotificationsService).queue(scope, request);
    });
    await waitFor('both e-mails to be recorded as sent', async () => {
      const res = await list(admin, { entityId, status: 'sent' });
      return res.body.total === 2;
    });
  });

  afterAll(async () => {
    debug.mockRestore();
    await t?.close();
  });

  it('shows admins who got what, when, and how it went', async () => {
    const res = await list(admin, { entityId }).expect(200);
    expect(res.body).toMatchObject({ page: 1, pageSize: 20, total: 2 });
    const items = res.body.items as NotificationView[];
    expect(items.map((n) => [n.recipientEmail, n.language, n.status, n.attempts, n.note])).toEqual(
      expect.arrayContaining([
        [frEmail.toLowerCase(), 'fr', 'sent', 1, LOGGED_NOTE],
        [enEmail.toLowerCase(), 'en', 'sent', 1, LOGGED_NOTE],
      ]),
    );
    const fr = items.find((n) => n.language === 'fr')!;
    expect(fr).toMatchObject({ recipientUserId: userId, template: 'opportunity-cancelled', entityId });
    expect(fr.subject).toBe('[EEC-2027-0007] Appel d’offres annulé : Plateforme de réservation');
    expect(Date.parse(fr.sentAt!)).toBeGreaterThanOrEqual(Date.parse(fr.createdAt));
    expect(Object.keys(fr)).not.toEqual(expect.arrayContaining(['data']));
    expect(Object.keys(fr)).not.toEqual(expect.arrayContaining(['dedupKey']));
  });

  it('logged each e-mail’s recipient and subject at debug level instead of sending it, never its body', () => {
    const logged = debug.mock.calls.map(([message]) => String(message));
    const line = logged.find((m) => m.includes(frEmail.toLowerCase()));
    expect(line).toContain('objet : [EEC-2027-0007] Appel d’offres annulé');
    expect(line).not.toContain('\n');
  });

  it('filters by recipient (e-mail in any case, or account id) and paginates', async () => {
    const byEmail = await list(admin, { recipient: enEmail.toUpperCase() }).expect(200);
    expect(byEmail.body.items.map((n: NotificationView) => n.recipientEmail)).toEqual([enEmail.toLowerCase()]);
    const byUser = await list(admin, { recipient: userId }).expect(200);
    expect(byUser.body.items.map((n: NotificationView) => n.recipientEmail)).toEqual([frEmail.toLowerCase()]);
    const page2 = await list(admin, { entityId, pageSize: 1, page: 2 }).expect(200);
    expect(page2.body).toMatchObject({ page: 2, pageSize: 1, total: 2 });
    expect(page2.body.items).toHaveLength(1);
    const none = await list(admin, { entityId: randomUUID() }).expect(200);
    expect(none.body).toMatchObject({ items: [], total: 0 });
  });

  it('is open to auditors, closed to vendors and buyers', async () => {
    const body = await createPublicBody(t, admin);
    const auditor = await createAccount(t, admin, 'auditor');
    const buyer = await createAccount(t, admin, 'buyer', body.id);
    const vendor = await registerVendor(t);
    expect((await list(auditor, { entityId }).expect(200)).body.total).toBe(2);
    expectEnvelope(await list(vendor, { entityId }).expect(403), 'FORBIDDEN');
    expectEnvelope(await list(buyer, { entityId }).expect(403), 'FORBIDDEN');
    await t.http().get('/api/v1/notifications').expect(401);
  });

  it('refuses an unknown status filter', async () => {
    expectEnvelope(await list(admin, { status: 'lost' }).expect(400), 'VALIDATION_FAILED');
  });
});
