import { readableOpportunitySql } from '../common/access/opportunity-readers.sql';
import { EntityManager } from 'typeorm';
import type { Recipient } from '../notifications/notification.types';
import { RecipientRow, toRecipients } from '../notifications/recipients';
import type { Opportunity } from './entities/opportunity.entity';

/**
 * Who receives the e-mails about an opportunity. Every list keeps active accounts only and,
 * for invitation-mode opportunities, only members of invited organizations: an e-mail never
 * tells someone about an opportunity they may not read.
 */

const MAY_READ = readableOpportunitySql('o', { id: 'u.id', role: 'u.role', publicBodyId: 'u.public_body_id' });

/** These accounts, when active (e.g. people appointed to a committee). */
export async function accountRecipients(em: EntityManager, userIds: readonly string[]): Promise<Recipient[]> {
  const rows = await em.query<RecipientRow[]>(
    `SELECT u.id, u.email, u.preferred_language FROM app_user u WHERE u.id = ANY($1::uuid[]) AND u.active ORDER BY u.email`,
    [[...userIds]],
  );
  return toRecipients(rows);
}

/** At closing: the owning body's buyers and the committee members (secretary, evaluators). */
export async function closingRecipients(
  em: EntityManager,
  opportunityId: string,
  publicBodyId: string,
): Promise<Recipient[]> {
  const rows = await em.query<RecipientRow[]>(
    `SELECT u.id, u.email, u.preferred_language FROM app_user u
      WHERE u.active
        AND ((u.role = 'buyer' AND u.public_body_id = $1)
             OR u.id IN (SELECT user_id FROM committee_member WHERE opportunity_id = $2))
      ORDER BY u.email`,
    [publicBodyId, opportunityId],
  );
  return toRecipients(rows);
}

/** The active members of a vendor organization (e.g. a bidder hearing its result). */
export async function vendorMemberRecipients(em: EntityManager, vendorId: string): Promise<Recipient[]> {
  const rows = await em.query<RecipientRow[]>(
    `SELECT u.id, u.email, u.preferred_language FROM vendor_membership m JOIN app_user u ON u.id = m.user_id
      WHERE m.vendor_id = $1 AND u.active ORDER BY u.email`,
    [vendorId],
  );
  return toRecipients(rows);
}

/** The active members of each vendor organization, in one statement (by vendor id). */
export async function vendorMemberRecipientsOf(
  em: EntityManager,
  vendorIds: readonly string[],
): Promise<Map<string, Recipient[]>> {
  const rows = await em.query<(RecipientRow & { vendor_id: string })[]>(
    `SELECT m.vendor_id, u.id, u.email, u.preferred_language FROM vendor_membership m JOIN app_user u ON u.id = m.user_id
      WHERE m.vendor_id = ANY($1::uuid[]) AND u.active ORDER BY m.vendor_id, u.email`,
    [[...vendorIds]],
  );
  const byVendor = new Map<string, RecipientRow[]>(vendorIds.map((id) => [id, []]));
  for (const row of rows) byVendor.get(row.vendor_id)?.push(row);
  return new Map([...byVendor].map(([id, list]) => [id, toRecipients(list)]));
}

/**
 * Subscribers of the opportunity and members of the vendor organizations with a draft or
 * submitted (not withdrawn) proposal on it (notified of addenda, answers, cancellation; O10).
 */
export async function subscriberRecipients(em: EntityManager, opportunityId: string): Promise<Recipient[]> {
  const rows = await em.query<RecipientRow[]>(
    `SELECT DISTINCT u.id, u.email, u.preferred_language
       FROM app_user u
       JOIN opportunity o ON o.id = $1
      WHERE u.active AND ${MAY_READ}
        AND (EXISTS (SELECT 1 FROM opportunity_subscription s WHERE s.opportunity_id = o.id AND s.user_id = u.id)
             OR EXISTS (SELECT 1 FROM proposal p JOIN vendor_membership m ON m.vendor_id = p.vendor_id
                         WHERE p.opportunity_id = o.id AND p.status <> 'WITHDRAWN' AND m.user_id = u.id))
      ORDER BY u.email`,
    [opportunityId],
  );
  return toRecipients(rows);
}

/**
 * Who hears of a publication: in public mode, vendors who opted into new-opportunity
 * e-mails; in invitation mode, the members of the invited organizations (all of them, or
 * only those of `vendorIds` when invitations are added after publication).
 */
export async function publicationRecipients(
  em: EntityManager,
  opportunity: Opportunity,
  vendorIds?: readonly string[],
): Promise<Recipient[]> {
  if (opportunity.procurementMode === 'public') {
    const rows = await em.query<RecipientRow[]>(
      `SELECT u.id, u.email, u.preferred_language FROM app_user u
        WHERE u.role = 'vendor' AND u.active AND u.notify_new_opportunities
        ORDER BY u.email`,
    );
    return toRecipients(rows);
  }
  const rows = await em.query<RecipientRow[]>(
    `SELECT DISTINCT u.id, u.email, u.preferred_language
       FROM opportunity_invitation i
       JOIN vendor_membership m ON m.vendor_id = i.vendor_id
       JOIN app_user u ON u.id = m.user_id
      WHERE i.opportunity_id = $1 AND u.active AND ($2::uuid[] IS NULL OR i.vendor_id = ANY($2::uuid[]))
      ORDER BY u.email`,
    [opportunity.id, vendorIds ? [...vendorIds] : null],
  );
  return toRecipients(rows);
}

/** The SQL of `userRecipient` with its two parameters named (to embed it in another statement). */
export const userRecipientSql = (opportunityParam: string, userParam: string) =>
  `SELECT u.id, u.email, u.preferred_language FROM app_user u JOIN opportunity o ON o.id = ${opportunityParam}
    WHERE u.id = ${userParam} AND u.active AND ${MAY_READ}`;

/** One user (e.g. the vendor who asked a question), when still active and still allowed to read. */
export async function userRecipient(em: EntityManager, opportunityId: string, userId: string): Promise<Recipient[]> {
  const rows = await em.query<RecipientRow[]>(userRecipientSql('$1', '$2'), [opportunityId, userId]);
  return toRecipients(rows);
}

/** What every opportunity e-mail shows: which opportunity, its deadline. Never sealed content. */
export function opportunityMailData(
  opportunity: Pick<Opportunity, 'id' | 'reference' | 'title' | 'proposalDeadline'>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    opportunityId: opportunity.id,
    reference: opportunity.reference,
    title: opportunity.title,
    proposalDeadline: opportunity.proposalDeadline?.toISOString() ?? null,
    ...extra,
  };
}
