import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Secrets handed to a user as `<row id>.<secret>` (refresh tokens, e-mailed account links):
 * only the SHA-256 of the secret is stored, compared in constant time.
 */
export function newSecret(): { secret: string; hash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { secret, hash: sha256(secret) };
}

export function formatSecretToken(id: string, secret: string): string {
  return `${id}.${secret}`;
}

export function parseSecretToken(token: string): { id: string; secret: string } | null {
  const dot = token.indexOf('.');
  if (dot < 0) return null;
  const id = token.slice(0, dot);
  const secret = token.slice(dot + 1);
  return UUID.test(id) && secret.length >= 20 ? { id, secret } : null;
}

export function secretMatches(secret: string, storedHash: string | null): boolean {
  if (!storedHash) return false;
  const a = Buffer.from(sha256(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
