import { EntityManager } from 'typeorm';

/**
 * Ends every session of an account (all its refresh-token families), except `keepFamilyId`
 * when given (the session changing its own password). An access token names its session
 * (`sid`), so the next request with it is refused too (JwtStrategy).
 */
export async function revokeSessions(em: EntityManager, userId: string, keepFamilyId?: string): Promise<void> {
  await em.query(
    `UPDATE refresh_token SET revoked_at = now()
      WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR family_id <> $2::uuid)`,
    [userId, keepFamilyId ?? null],
  );
}
