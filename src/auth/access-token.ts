import { isUuid } from '../common/util/uuid';

/** The claims of an access token (AuthService signs them; HS256). */
export interface AccessTokenClaims {
  sub?: unknown;
  typ?: unknown;
  exp?: unknown;
  sid?: unknown;
}

/**
 * Who a verified access token names, or null when its claims are not those of an access
 * token: `typ` access, a user id, an expiry and its session (`sid`, the refresh family).
 * The one check of the claims, for the JWT strategy and the rate limit's count before a
 * submission's transaction.
 */
export function accessTokenIdentity(claims: AccessTokenClaims): { userId: string; sessionId: string } | null {
  if (claims.typ !== 'access' || typeof claims.exp !== 'number') return null;
  if (!isUuid(claims.sub) || !isUuid(claims.sid)) return null;
  return { userId: claims.sub as string, sessionId: claims.sid as string };
}
