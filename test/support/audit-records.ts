import type { TestApp } from './test-app';
import { Session } from './sessions';

/** What the audit log and the e-mail record show a reader (admins, auditors). */
/** The audit events recorded about one entity, as an admin or auditor reads them. */
export async function auditEventsFor(t: TestApp, reader: Session, entityId: string) {
  const res = await t
    .http()
    .get('/api/v1/audit/events')
    .query({ entityId, pageSize: 100 })
    .set(reader.auth)
    .expect(200);
  return res.body.items as {
    action: string;
    actorId: string | null;
    actorRole: string | null;
    entityType: string;
    data: Record<string, unknown>;
  }[];
}

/** The e-mails recorded for an opportunity, optionally of one template. */
export async function notificationsAbout(t: TestApp, opportunityId: string, template?: string) {
  return (await t.dataSource.query(
    `SELECT recipient_user_id, recipient_email, language, template, data, dedup_key FROM notification
      WHERE entity_id = $1 AND ($2::text IS NULL OR template = $2) ORDER BY recipient_email`,
    [opportunityId, template ?? null],
  )) as {
    recipient_user_id: string | null;
    recipient_email: string;
    language: string;
    template: string;
    data: Record<string, unknown>;
    dedup_key: string;
  }[];
}

/** Moves the deadlines of a published opportunity (the database clock cannot be moved). */
