import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessService } from '../common/access/access.service';
import type { Actor } from '../common/auth/actor';
import { SqlParams } from '../common/util/sql-params';
import { combinedWrite, runWrites, SqlWrite } from '../common/util/sql-writes';
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

  /** `alongside`: writes of the command run in the same statement (see `queueAll`). */
  async queue(scope: CommandScope, request: NotificationRequest, alongside: readonly SqlWrite[] = []): Promise<number> {
    return this.queueAll(scope, [request], alongside);
  }

  /**
   * Several notifications in one statement (an award writes one per bidder): the same rows,
   * dedup keys and jobs as one `queue` call each, without a statement per recipient.
   * `alongside` are other writes of the command that neither read nor change the
   * notifications, run in that same statement (one round trip less; combinedWrite).
   */
  async queueAll(
    scope: CommandScope,
    requests: readonly NotificationRequest[],
    alongside: readonly SqlWrite[] = [],
  ): Promise<number> {
    const rows: (string | null)[][] = [];
    const seen = new Set<string>();
    for (const request of requests) {
      const data = JSON.stringify(request.data);
      for (const recipient of request.recipients) {
        const email = recipient.email.toLowerCase();
        const dedupKey = `${request.eventKey}:${email}`;
        if (seen.has(dedupKey)) continue;
        seen.add(dedupKey);
        rows.push([
          dedupKey,
          recipient.userId,
          email,
          recipient.language,
          request.template,
          request.entityType,
          request.entityId,
          data,
        ]);
      }
    }
    if (rows.length === 0) {
      await runWrites(scope.em, alongside);
      return 0;
    }
    const column = (i: number) => rows.map((r) => r[i]);
    const insert = combinedWrite([
      ...alongside,
      {
        sql: `INSERT INTO notification (dedup_key, recipient_user_id, recipient_email, language, template, entity_type, entity_id, data)
       SELECT n.dedup_key, n.user_id::uuid, n.email, n.language, n.template, n.entity_type, n.entity_id, n.data::jsonb
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
              WITH ORDINALITY AS n(dedup_key, user_id, email, language, template, entity_type, entity_id, data, i)
        ORDER BY n.i
       ON CONFLICT (dedup_key) DO NOTHING
       RETURNING id`,
        params: [0, 1, 2, 3, 4, 5, 6, 7].map(column),
      },
    ])!;
    const inserted = await scope.em.query<{ id: string }[]>(insert.sql, insert.params);
    for (const row of inserted) {
      scope.enqueue({
        name: SEND_NOTIFICATION_JOB,
        payload: { notificationId: row.id } satisfies SendNotificationPayload,
        jobId: `notification:${row.id}`,
        // The delivery service marks the e-mail failed on the last of these attempts.
        maxAttempts: this.config.NOTIFICATION_MAX_ATTEMPTS,
      });
    }
    return inserted.length;
  }

  /**
   * The record of e-mails, newest first. `recipient` is an e-mail address or an account id.
   * Sealed bids (domain.md §5.1, AccessService.readableNotificationsSql): e-mails about a
   * proposal stay hidden before the deadline, and those whose recipients would tell who holds
   * a proposal (addenda, answers, cancellation) from everyone but their recipient while the
   * reader may not know the number of proposals.
   */
  async list(actor: Actor | undefined, query: NotificationsQuery): Promise<Page<NotificationDto>> {
    const params = new SqlParams();
    const where = [this.access.readableNotificationsSql(actor, params, 'n')];
    if (query.entityId) where.push(`n.entity_id = ${params.add(query.entityId)}`);
    if (query.recipient) {
      const recipient = query.recipient.trim();
      if (isUuid(recipient)) where.push(`n.recipient_user_id = ${params.add(recipient)}::uuid`);
      else where.push(`n.recipient_email = ${params.add(recipient.toLowerCase())}`);
    }
    if (query.status) where.push(`n.status = ${params.add(query.status)}`);
    const condition = where.join(' AND ');
    const [{ total }] = await this.dataSource.query<{ total: number }[]>(
      `SELECT count(*)::int AS total FROM notification n WHERE ${condition}`,
      params.values,
    );
    const rows = await this.dataSource.query<Notification[]>(
      `SELECT n.id, n.recipient_user_id AS "recipientUserId", n.recipient_email AS "recipientEmail", n.language,
              n.template, n.entity_type AS "entityType", n.entity_id AS "entityId", n.subject, n.status, n.attempts,
              n.last_error AS "lastError", n.message_id AS "messageId", n.note, n.created_at AS "createdAt",
              n.sent_at AS "sentAt"
         FROM notification n WHERE ${condition}
        ORDER BY n.created_at DESC, n.id ASC
        OFFSET ${params.add(pageOffset(query))} LIMIT ${params.add(query.pageSize)}`,
      params.values,
    );
    return pageOf(
      rows.map((r) =>
        toNotificationDto({ ...r, createdAt: new Date(r.createdAt), sentAt: r.sentAt && new Date(r.sentAt) }),
      ),
      query,
      total,
    );
  }
}

export function isSendNotificationPayload(payload: Record<string, unknown>): payload is SendNotificationPayload {
  return isUuid(payload.notificationId);
}
