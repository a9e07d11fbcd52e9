import { EntityManager } from 'typeorm';
import { CommandScope } from '../common/command/command-runner.service';
import { DomainError } from '../common/errors/domain-error';
import { parseSecretToken, secretMatches } from '../common/util/secret-token';
import { isUuid } from '../common/util/uuid';
import { AccountTokenPurpose } from './entities/account-token.entity';

/** How long an e-mailed link works (docs/accounts.md). */
export const TOKEN_TTL_MINUTES: Record<AccountTokenPurpose, number> = {
  'verify-email': 48 * 60,
  'reset-password': 30,
};

export const ACCOUNT_EMAIL_JOB = 'accounts.send-email';

/** What the account e-mail job sends: a link (verification, reset) or the “someone tried to register” notice. */
export type AccountEmailKind = AccountTokenPurpose | 'registration-attempt';

export interface AccountEmailPayload {
  kind: AccountEmailKind;
  userId: string;
  /** The link's row (null for the registration-attempt notice). */
  tokenId: string | null;
}

/** Account e-mails are retried like notifications, a few times. */
const ACCOUNT_EMAIL_ATTEMPTS = 5;

/**
 * Records a new single-use link for `userId` in the command's transaction and queues its
 * e-mail. Earlier unused links of the same purpose stop working. The secret is drawn by the
 * e-mail job (AccountMail), so it never sits in the database or the outbox in clear.
 */
export async function issueAccountToken(
  scope: CommandScope,
  userId: string,
  purpose: AccountTokenPurpose,
): Promise<string> {
  await scope.em.query(
    `UPDATE account_token SET expires_at = LEAST(expires_at, now())
      WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`,
    [userId, purpose],
  );
  const [row] = await scope.em.query<{ id: string }[]>(
    `INSERT INTO account_token (user_id, purpose, expires_at)
     VALUES ($1, $2, now() + make_interval(mins => $3::int)) RETURNING id`,
    [userId, purpose, TOKEN_TTL_MINUTES[purpose]],
  );
  scope.enqueue({
    name: ACCOUNT_EMAIL_JOB,
    payload: { kind: purpose, userId, tokenId: row.id },
    jobId: `account-email:${row.id}`,
    maxAttempts: ACCOUNT_EMAIL_ATTEMPTS,
  });
  return row.id;
}

/** Queues the notice to an address someone tried to register again (no link, nothing created). */
export function queueRegistrationAttemptNotice(scope: CommandScope, userId: string, attemptId: string): void {
  scope.enqueue({
    name: ACCOUNT_EMAIL_JOB,
    payload: { kind: 'registration-attempt', userId, tokenId: null },
    jobId: `account-email:attempt:${attemptId}`,
    maxAttempts: ACCOUNT_EMAIL_ATTEMPTS,
  });
}

/**
 * Uses a link once, under a row lock (two redemptions of one link: the second waits, then
 * finds it used). Unknown, malformed, for another purpose, expired, superseded or already used:
 * the same 422 INVALID_TOKEN. Returns the account it belongs to.
 */
export async function redeemAccountToken(
  em: EntityManager,
  token: string,
  purpose: AccountTokenPurpose,
): Promise<{ userId: string }> {
  const parsed = parseSecretToken(token);
  if (!parsed) throw new DomainError('INVALID_TOKEN');
  const [row] = await em.query<{ user_id: string; token_hash: string | null; usable: boolean }[]>(
    `SELECT user_id, token_hash, (used_at IS NULL AND expires_at > now()) AS usable
       FROM account_token WHERE id = $1 AND purpose = $2 FOR UPDATE`,
    [parsed.id, purpose],
  );
  if (!row || !secretMatches(parsed.secret, row.token_hash) || !row.usable) throw new DomainError('INVALID_TOKEN');
  await em.query(`UPDATE account_token SET used_at = now() WHERE id = $1`, [parsed.id]);
  return { userId: row.user_id };
}

export function isAccountEmailPayload(payload: Record<string, unknown>): boolean {
  if (!isUuid(payload.userId)) return false;
  if (payload.kind === 'registration-attempt') return payload.tokenId === null;
  return (payload.kind === 'verify-email' || payload.kind === 'reset-password') && isUuid(payload.tokenId);
}
