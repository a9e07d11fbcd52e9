import type { EntityManager } from 'typeorm';
import type { Recipient } from './notification.types';

/** An account row as recipient queries select it (`u.id, u.email, u.preferred_language`). */
export interface RecipientRow {
  id: string;
  email: string;
  preferred_language: string;
}

/** Accounts as recipients, each in their preferred language (French unless English). */
export const toRecipients = (rows: readonly RecipientRow[]): Recipient[] =>
  rows.map((r) => ({ userId: r.id, email: r.email, language: r.preferred_language === 'en' ? 'en' : 'fr' }));

/** The active accounts `app_user u` matching `where` (SQL over `u`, with `params`), by e-mail. */
export async function activeRecipients(em: EntityManager, where: string, params: unknown[]): Promise<Recipient[]> {
  const rows = await em.query<RecipientRow[]>(
    `SELECT u.id, u.email, u.preferred_language FROM app_user u WHERE u.active AND (${where}) ORDER BY u.email`,
    params,
  );
  return toRecipients(rows);
}
