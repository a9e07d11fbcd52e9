import type { KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { earlyTransactionOf } from '../common/command/early-transaction';
import type { Actor } from '../common/auth/actor';
import { AccessTokenClaims, accessTokenIdentity } from './access-token';
import { JWT_KEY } from './jwt-secret.provider';

interface ActorRow {
  id: string;
  role: Actor['role'];
  email: string;
  name: string;
  public_body_id: string | null;
}

/**
 * Verifies the access token, then loads the user: a deactivated account stops at once. A
 * token without an expiry or without its session (`sid`, the refresh family) is refused; it
 * stops working once that session is revoked (log-out, refresh-token reuse, password change
 * or reset, deactivation).
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(JWT_KEY) key: KeyObject,
    private readonly dataSource: DataSource,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: key as unknown as string,
      algorithms: ['HS256'],
      ignoreExpiration: false,
      passReqToCallback: true,
    });
  }

  async validate(req: Request, claims: AccessTokenClaims): Promise<Actor | false> {
    const identity = accessTokenIdentity(claims);
    if (!identity) return false;
    const sid = identity.sessionId;
    // One round trip for the account and its session (this runs before every authenticated
    // command, so before the deadline decision of a submission): the user if active and the
    // session still has a refresh token that is not revoked.
    // Inside the request's transaction when it opened one on arrival (a submission: its now() is then the arrival).
    const early = earlyTransactionOf(req);
    const db = early?.open ? early.runner.manager : this.dataSource;
    const [row] = await db.query<ActorRow[]>(
      `SELECT u.id, u.role, u.email, u.name, u.public_body_id
         FROM app_user u
        WHERE u.id = $1 AND u.active
          AND EXISTS (SELECT 1 FROM refresh_token t WHERE t.family_id = $2 AND t.user_id = u.id AND t.revoked_at IS NULL)`,
      [identity.userId, sid],
    );
    if (!row) return false;
    return {
      id: row.id,
      role: row.role,
      email: row.email,
      name: row.name,
      publicBodyId: row.public_body_id,
      sessionId: sid,
    };
  }
}
