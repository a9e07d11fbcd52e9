import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessService } from '../common/access/access.service';
import { CommandScope } from '../common/command/command-runner.service';
import { isUuid } from '../common/util/uuid';
import { Page, pageOf, pageOffset } from '../common/util/pagination';
import { AppConfig } from '../config/app-config';
import { NotificationDto, NotificationsQuery, toNotificationDto } from './dto/notification.dto';
import { Notification } from './entities/notification.entity';
import { NotificationRequest } from './notification.types';

export const SEND_NOTIFICATION_JOB = 'notifications.send';

export interface SendNotificationPayload extends Record<string, unknown> {
  notificationId: string;
}

/**
 * Records e-mails in the command's transaction (one `notification` row per recipient) and
 * queues one send job each. A rolled-back command sends nothing; the same event recorded
 * twice (retried job, two workers) is one e-mail per recipient, by the dedup key.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly access: AccessService,
  ) {}

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
        [
          dedupKey,
          recipient.userId,
          email,
          recipient.language,
          request.template,
          request.entityType,
          request.entityId,
          JSON.stringify(request.data),
        ],
      );
      if (rows.length === 0) continue;
      scope.enqueue({
        name: SEND_NOTIFICATION_JOB,
        payload: { notificationId: rows[0].id } satisfies SendNotificationPayload,
        jobId: `notification:${rows[0].id}`,
        // The delivery service marks the e-mail failed on the last of these attempts.
        maxAttempts: this.config.NOTIFICATION_MAX_ATTEMPTS,
      });
      queued += 1;
    }
    return queued;
  }

  /** The record of e-mails, newest first. `recipient` is an e-mail address or an account id. */
  async list(query: NotificationsQuery): Promise<Page<NotificationDto>> {
    // Sealed bids (domain.md §5.1): e-mails about a proposal (its receipt) stay hidden before the deadline.
    const qb = this.dataSource
      .getRepository(Notification)
      .createQueryBuilder('n')
      .where(this.access.unsealedEntitySql('n'));
    if (query.entityId) qb.andWhere('n.entityId = :entityId', { entityId: query.entityId });
    if (query.recipient) {
      const recipient = query.recipient.trim();
      if (isUuid(recipient)) qb.andWhere('n.recipientUserId = :recipient', { recipient });
      else qb.andWhere('n.recipientEmail = :recipient', { recipient: recipient.toLowerCase() });
    }
    if (query.status) qb.andWhere('n.status = :status', { status: query.status });
    const [rows, total] = await qb
      .orderBy('n.createdAt', 'DESC')
      .addOrderBy('n.id', 'ASC')
      .offset(pageOffset(query))
      .limit(query.pageSize)
      .getManyAndCount();
    return pageOf(rows.map(toNotificationDto), query, total);
  }
}

export function isSendNotificationPayload(payload: Record<string, unknown>): payload is SendNotificationPayload {
  return isUuid(payload.notificationId);
}
