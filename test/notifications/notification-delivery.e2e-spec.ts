import { randomUUID } from 'node:crypto';
import { SYSTEM_CONTEXT } from '../../src/common/auth/actor';
import { CommandRunner } from '../../src/common/command/command-runner.service';
import { NotificationDeliveryService } from '../../src/notifications/notification-delivery.service';
import { NotificationRequest, Recipient } from '../../src/notifications/notification.types';
import { NotificationsService } from '../../src/notifications/notifications.service';
import { unique } from '../support/scenario';
import { SmtpSink } from '../support/smtp-sink';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

/** Small retry budget for tests: attempts 1, 2 and 3 (backoff 1 s then 2 s). */
const MAX_ATTEMPTS = 3;

interface NotificationRow {
  id: string;
  recipientEmail: string;
  language: string;
  status: string;
  attempts: number;
  subject: string | null;
  messageId: string | null;
  lastError: string | null;
  note: string | null;
  sentAt: Date | null;
  createdAt: Date;
}

const recipient = (language: 'fr' | 'en', userId: string | null = null): Recipient => ({
  userId,
  email: `${unique(language === 'fr' ? 'Fournisseuse' : 'vendor')}@exemple.quebec`,
  language,
});

/** An opportunity-published event about a fresh opportunity. */
function published(recipients: Recipient[], overrides: Partial<NotificationRequest> = {}): NotificationRequest {
  const entityId = randomUUID();
  const reference = `EEC-2027-${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
  return {
    template: 'opportunity-published',
    recipients,
    entityType: 'opportunity',
    entityId,
    eventKey: `opportunity-published:${entityId}`,
    data: {
      reference,
      title: { fr: 'Refonte du portail des données ouvertes', en: 'Open data portal redesign' },
      proposalDeadline: '2027-01-20T19:00:00.000Z',
      url: `/appels-d-offres/${reference}`,
    },
    ...overrides,
  };
}

function describeDelivery(driver: 'BullMQ on Redis' | 'in-process (no Redis)', redis: boolean) {
  describe(`E-mail notifications, ${driver}`, () => {
    let t: TestApp;
    let sink: SmtpSink;

    beforeAll(async () => {
      sink = await SmtpSink.start();
      t = await startTestApp({
        label: redis ? 'mailbullmq' : 'mailinline',
        redis,
        env: {
          SMTP_URL: sink.url,
          SMTP_FROM: 'avis@echanges.quebec.ca',
          NOTIFICATION_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
          PUBLIC_WEB_URL: 'https://echanges.test',
        },
      });
    });

    afterAll(async () => {
      await t?.close();
      await sink?.close();
    });

    /** One command that records an audit event and queues the notifications. */
    async function command(requests: NotificationRequest[], failAfterQueue = false): Promise<number> {
      const notifications = t.app.get(NotificationsService);
      return t.app.get(CommandRunner).run(SYSTEM_CONTEXT, async (scope) => {
        scope.audit({ action: 'test.notify', entityType: 'opportunity', entityId: requests[0].entityId });
        let queued = 0;
        for (const request of requests) queued += await notifications.queue(scope, request);
        if (failAfterQueue) throw new Error('échec voulu après la mise en file');
        return queued;
      });
    }

    async function rows(where: { entityId?: string; email?: string }): Promise<NotificationRow[]> {
      return t.dataSource.query(
        `SELECT id, recipient_email AS "recipientEmail", language, status, attempts, subject, message_id AS "messageId",
                last_error AS "lastError", note, sent_at AS "sentAt", created_at AS "createdAt"
           FROM notification
          WHERE ($1::text IS NULL OR entity_id = $1) AND ($2::text IS NULL OR recipient_email = $2)
          ORDER BY recipient_email`,
        [where.entityId ?? null, where.email ?? null],
      );
    }

    const settled = (email: string, status: 'sent' | 'failed', timeoutMs = 10_000) =>
      waitFor(
        `the e-mail to ${email} to be ${status}`,
        async () => (await rows({ email })).find((r) => r.status === status),
        { timeoutMs },
      );

    /** A fresh e-mail that must arrive: once it has, the job path has passed over earlier work. */
    async function deliverMarker(): Promise<void> {
      const marker = recipient('fr');
      await command([published([marker])]);
      await sink.waitForMail((m) => m.to.includes(marker.email.toLowerCase()));
    }

    it('sends each recipient the e-mail in their language and records it as sent', async () => {
      const fr = recipient('fr', randomUUID());
      const en = recipient('en');
      const request = published([fr, en]);
      const reference = request.data.reference as string;
      expect(await command([request])).toBe(2);

      const french = await sink.waitForMail((m) => m.to.includes(fr.email.toLowerCase()));
      const english = await sink.waitForMail((m) => m.to.includes(en.email.toLowerCase()));

      expect(french.subject).toBe(`[${reference}] Nouvel appel d’offres : Refonte du portail des données ouvertes`);
      expect(french.from).toBe('avis@echanges.quebec.ca');
      expect(french.text).toContain(
        'Date limite de dépôt des propositions : 20 janvier 2027 à 14 h 00 (heure de Montréal).',
      );
      expect(french.text).toContain(`https://echanges.test/appels-d-offres/${reference}`);
      expect(french.html).toContain('<html lang="fr">');
      expect(english.subject).toBe(`[${reference}] New opportunity: Open data portal redesign`);
      expect(english.text).toContain('Proposal deadline: January 20, 2027, 2:00 p.m. (Montréal time).');
      expect(english.html).toContain('<html lang="en">');

      const [frRow] = await rows({ email: fr.email.toLowerCase() });
      await settled(fr.email.toLowerCase(), 'sent');
      await settled(en.email.toLowerCase(), 'sent');
      const recorded = await rows({ entityId: request.entityId });
      expect(recorded).toHaveLength(2);
      for (const row of recorded) {
        expect(row).toMatchObject({ status: 'sent', attempts: 1, lastError: null, note: null });
        expect(row.sentAt).toBeInstanceOf(Date);
        expect(row.sentAt!.getTime()).toBeGreaterThanOrEqual(row.createdAt.getTime());
        expect(row.messageId).toBe(`<${row.id}@echanges.quebec.ca>`);
      }
      expect(recorded.map((r) => [r.language, r.subject])).toEqual(
        expect.arrayContaining([
          ['fr', french.subject],
          ['en', english.subject],
        ]),
      );
      expect(french.messageId).toBe(`<${frRow.id}@echanges.quebec.ca>`);
    });

    it('records and sends nothing for a command that rolls back', async () => {
      const lost = recipient('fr');
      const request = published([lost]);
      await expect(command([request], true)).rejects.toThrow('échec voulu');
      expect(await rows({ entityId: request.entityId })).toEqual([]);
      await deliverMarker();
      expect(sink.attemptsTo(lost.email)).toEqual([]);
      expect(await rows({ entityId: request.entityId })).toEqual([]);
    });

    it('sends one e-mail per recipient for an event queued twice, before and after sending', async () => {
      const fr = recipient('fr');
      const en = recipient('en');
      const request = published([fr, en, { ...fr, email: fr.email.toUpperCase() }]);
      expect(await command([request, request])).toBe(2);
      expect(await command([request])).toBe(0);
      await settled(fr.email.toLowerCase(), 'sent');
      await settled(en.email.toLowerCase(), 'sent');
      expect(await command([request])).toBe(0);
      await deliverMarker();
      expect(sink.mailsTo(fr.email)).toHaveLength(1);
      expect(sink.mailsTo(en.email)).toHaveLength(1);
      expect(await rows({ entityId: request.entityId })).toHaveLength(2);
    });

    it('leaves a sent notification alone when its job runs again (at-least-once delivery)', async () => {
      const fr = recipient('fr');
      await command([published([fr])]);
      const sent = await settled(fr.email.toLowerCase(), 'sent');
      await t.app.get(NotificationDeliveryService).deliver(sent.id, 2);
      expect(sink.mailsTo(fr.email)).toHaveLength(1);
      expect(await rows({ email: fr.email.toLowerCase() })).toEqual([sent]);
    });

    it('retries with backoff when SMTP refuses, and sends once', async () => {
      const fr = recipient('fr');
      sink.rejectNext(2, { to: fr.email });
      const started = Date.now();
      await command([published([fr])]);
      await sink.waitForMail((m) => m.to.includes(fr.email.toLowerCase()), 10_000);
      const row = await settled(fr.email.toLowerCase(), 'sent');
      expect(Date.now() - started).toBeGreaterThanOrEqual(2_900); // 1 s, then 2 s of backoff
      expect(sink.attemptsTo(fr.email).map((a) => a.code)).toEqual([451, 451, 250]);
      expect(sink.mailsTo(fr.email)).toHaveLength(1);
      expect(row).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
    });

    it('marks the e-mail failed when the last attempt fails', async () => {
      const en = recipient('en');
      sink.rejectNext(MAX_ATTEMPTS, { to: en.email });
      await command([published([en])]);
      const row = await settled(en.email.toLowerCase(), 'failed');
      expect(row).toMatchObject({ attempts: MAX_ATTEMPTS, sentAt: null });
      expect(row.lastError).toMatch(/Abandon après 3 tentatives.*451/);
      expect(row.subject).toMatch(/New opportunity/);
      expect(sink.attemptsTo(en.email).map((a) => a.code)).toEqual([451, 451, 451]);
      const job = await waitFor('the job queue to give up too', async () => {
        const [j] = await t.dataSource.query<{ status: string; attempts: number }[]>(
          `SELECT status, attempts FROM job_outbox WHERE job_id = $1`,
          [`notification:${row.id}`],
        );
        return j?.status === 'failed' ? j : undefined;
      });
      expect(job.attempts).toBe(MAX_ATTEMPTS);
      expect(sink.mailsTo(en.email)).toEqual([]);
    });

    it('fails at once, without retrying, when the server refuses the recipient for good', async () => {
      const fr = recipient('fr');
      sink.refuseRecipient(fr.email);
      await command([published([fr])]);
      const row = await settled(fr.email.toLowerCase(), 'failed');
      expect(row).toMatchObject({ attempts: 1, sentAt: null });
      expect(row.lastError).toMatch(/Destinataire refusé.*550/);
      await deliverMarker();
      expect((await rows({ email: fr.email.toLowerCase() }))[0].attempts).toBe(1);
    });

    it('fails at once when the data does not fit the template', async () => {
      const fr = recipient('fr');
      await command([published([fr], { data: { reference: 'EEC-2027-0001', title: { fr: 'Sans date limite' } } })]);
      const row = await settled(fr.email.toLowerCase(), 'failed');
      expect(row).toMatchObject({ attempts: 1, subject: null });
      expect(row.lastError).toMatch(/data\.proposalDeadline/);
      expect(sink.attemptsTo(fr.email)).toEqual([]);
    });
  });
}

describeDelivery('BullMQ on Redis', true);
describeDelivery('in-process (no Redis)', false);
