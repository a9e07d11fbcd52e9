import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import type { JobOutcome } from '../jobs/job.types';
import { Notification } from './entities/notification.entity';
import { isRecipientRefused, MAILER, MailDelivery, Mailer } from './mailer';
import { NotificationDataError, RenderedEmail, renderNotification } from './templates';

const ERROR_MAX = 2000;

/**
 * Sends one recorded notification (the `notifications.send` job). At-least-once safe: a
 * notification already sent is left alone; a failed SMTP attempt (refused connection, 4xx
 * or 5xx reply, timeout) is recorded and rethrown so that the job queue retries it with
 * backoff; the last attempt the queue will make (the job's maxAttempts, set from
 * NOTIFICATION_MAX_ATTEMPTS) marks it failed. Bad data and a recipient refused for good
 * (5xx to RCPT TO) fail at once, and say so to the queue (`permanentFailure`): retrying
 * cannot help.
 */
@Injectable()
export class NotificationDeliveryService {
  private readonly logger = new Logger('Notifications');
  private readonly messageIdDomain: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    @Inject(MAILER) private readonly mailer: Mailer,
  ) {
    this.messageIdDomain = config.SMTP_FROM.slice(config.SMTP_FROM.lastIndexOf('@') + 1);
  }

  /** `maxAttempts`: the job's (NOTIFICATION_MAX_ATTEMPTS when it was queued). */
  async deliver(
    notificationId: string,
    attempt: number,
    maxAttempts: number = this.config.NOTIFICATION_MAX_ATTEMPTS,
  ): Promise<JobOutcome> {
    try {
      return await this.attempt(notificationId);
    } catch (e) {
      if (attempt >= maxAttempts) {
        await this.markFailed(notificationId, `Abandon après ${attempt} tentatives : ${(e as Error).message}`);
      }
      throw e;
    }
  }

  private async attempt(id: string): Promise<JobOutcome> {
    const notification = await this.dataSource.getRepository(Notification).findOneBy({ id });
    if (!notification) {
      this.logger.warn(`Notification ${id} introuvable : rien à envoyer`);
      return 'done';
    }
    if (notification.status === 'sent') return 'done';

    let email: RenderedEmail;
    try {
      email = renderNotification(notification.template, notification.language, notification.data, {
        publicWebUrl: this.config.PUBLIC_WEB_URL,
      });
    } catch (e) {
      if (!(e instanceof NotificationDataError)) throw e;
      await this.recordAttempt(id, null, e.message);
      await this.markFailed(id, e.message);
      return { permanentFailure: e.message };
    }

    let delivery: MailDelivery;
    try {
      delivery = await this.mailer.send({
        to: notification.recipientEmail,
        ...email,
        // Stable per notification: a resend after a lost acknowledgement is recognisably the same e-mail.
        messageId: `<${notification.id}@${this.messageIdDomain}>`,
      });
    } catch (e) {
      await this.recordAttempt(id, email.subject, (e as Error).message);
      if (isRecipientRefused(e)) {
        const reason = `Destinataire refusé : ${(e as Error).message}`;
        await this.markFailed(id, reason);
        return { permanentFailure: reason };
      }
      throw e;
    }

    await this.dataSource.query(
      `UPDATE notification
          SET status = 'sent', sent_at = now(), subject = $2, message_id = $3, note = $4,
              attempts = attempts + 1, last_error = NULL
        WHERE id = $1`,
      [id, email.subject, delivery.messageId.slice(0, 300), delivery.note],
    );
    return 'done';
  }

  private async recordAttempt(id: string, subject: string | null, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE notification SET attempts = attempts + 1, last_error = $2, subject = COALESCE($3, subject)
        WHERE id = $1 AND status <> 'sent'`,
      [id, error.slice(0, ERROR_MAX), subject],
    );
  }

  /** Gives up on one e-mail; a notification sent meanwhile (another run) stays sent. */
  private async markFailed(id: string, reason: string): Promise<void> {
    this.logger.error(`Courriel ${id} non envoyé : ${reason}`);
    await this.dataSource
      .query(`UPDATE notification SET status = 'failed', last_error = $2 WHERE id = $1 AND status <> 'sent'`, [
        id,
        reason.slice(0, ERROR_MAX),
      ])
      .catch((e: Error) => this.logger.error(`Échec non enregistré pour ${id} : ${e.message}`));
  }
}
