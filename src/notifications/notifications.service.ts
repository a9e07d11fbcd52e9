import { Injectable } from '@nestjs/common';
import { CommandScope } from '../common/command/command-runner.service';
import { NotificationRequest } from './notification.types';

export const SEND_NOTIFICATION_JOB = 'notifications.send';

/**
 * Records e-mails in the command's transaction (one `notification` row per recipient) and
 * queues one send job each. A rolled-back command sends nothing; the same event recorded
 * twice (retried job, two workers) is one e-mail per recipient, by the dedup key.
 */
@Injectable()
export class NotificationsService {
  async queue(scope: CommandScope, request: NotificationRequest): Promise<number> {
    let queued = 0;
    const seen = new Set<string>();
    for (const recipient of request.recipients) {
      const email = recipient.email.toLowerCase();
      if (seen.has(email)) continue;
      seen.add(email);
      const dedupKey = `${request.eventKey}:${email}`;
      const rows = await scope.em.query<{ id: string }[]>(
        `INSERT INTO notification (dedup_key, recipient_user_id, recipient_email, language, template, entity_type, entity_id, data)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (dedup_key) DO NOTHING
         RETURNING id`,
        [dedupKey, recipient.userId, email, recipient.language, request.template, request.entityType, request.entityId, JSON.stringify(request.data)],
      );
      if (rows.length === 0) continue;
      scope.enqueue({ name: SEND_NOTIFICATION_JOB, payload: { notificationId: rows[0].id }, jobId: `notification:${rows[0].id}` });
      queued += 1;
    }
    return queued;
  }
}
