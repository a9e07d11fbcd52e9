import { JwtService } from '@nestjs/jwt';
import { formatSecretToken, newSecret } from '../../src/common/util/secret-token';
import type { TestApp } from './test-app';
import type { ReceivedMail, SmtpSink } from './smtp-sink';

/** What the scenario helpers call a session (the same shape as scenario.ts's Session). */
export interface AccountSession {
  token: string;
  refreshToken: string;
  userId: string;
  email: string;
  auth: { Authorization: string };
}

/**
 * A real session for an account seeded in SQL (no password, no argon2): a refresh token row
 * (its family is the session) and an access token naming it (`sid`), exactly as a log-in
 * issues them, so that revoking the session stops the access token too.
 */
export async function openSession(
  t: TestApp,
  user: { id: string; email: string; role?: string },
): Promise<AccountSession> {
  const { secret, hash } = newSecret();
  const [row] = (await t.dataSource.query(
    `INSERT INTO refresh_token (user_id, family_id, token_hash, expires_at)
     VALUES ($1, gen_random_uuid(), $2, now() + interval '1 day') RETURNING id, family_id`,
    [user.id, hash],
  )) as { id: string; family_id: string }[];
  const token = await new JwtService().signAsync(
    { sub: user.id, role: user.role ?? 'vendor', typ: 'access', sid: row.family_id },
    { secret: t.config.JWT_SECRET!, expiresIn: 3600, algorithm: 'HS256' },
  );
  return {
    token,
    refreshToken: formatSecretToken(row.id, secret),
    userId: user.id,
    email: user.email,
    auth: { Authorization: `Bearer ${token}` },
  };
}

/**
 * Marks a self-registered account's address as verified, as following the e-mailed link
 * does (the link itself is tested in test/users): for helpers that need a vendor who may submit.
 */
export async function markEmailVerified(t: TestApp, email: string): Promise<void> {
  await t.dataSource.query(`UPDATE app_user SET email_verified_at = now() WHERE email = $1`, [email.toLowerCase()]);
  // Its pending link is spent too, so that (usually) no verification e-mail goes out at all.
  await t.dataSource.query(
    `UPDATE account_token SET expires_at = LEAST(expires_at, now())
      WHERE used_at IS NULL AND purpose = 'verify-email' AND user_id = (SELECT id FROM app_user WHERE email = $1)`,
    [email.toLowerCase()],
  );
}

/** The token of the link in an account e-mail (`…#token=<id>.<secret>`). */
export function tokenInMail(mail: ReceivedMail): string {
  const match = /#token=([0-9a-f-]{36}\.[A-Za-z0-9_-]+)/.exec(mail.text);
  if (!match) throw new Error(`no account link in the e-mail « ${mail.subject} »`);
  return match[1];
}

/** The next account e-mail to `address` whose subject matches. */
export function accountMail(sink: SmtpSink, address: string, subject: RegExp): Promise<ReceivedMail> {
  return sink.waitForMail((m) => m.to.includes(address.toLowerCase()) && subject.test(m.subject));
}
