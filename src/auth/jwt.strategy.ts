import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/auth/actor';
import { User } from '../users/entities/user.entity';
import { JWT_SECRET } from './jwt-secret.provider';

interface AccessTokenClaims {
  sub: string;
  typ: string;
}

/** Verifies the access token, then loads the user: a deactivated account stops at once. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(JWT_SECRET) secret: string,
    private readonly dataSource: DataSource,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: secret,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessTokenClaims): Promise<Actor | false> {
    if (claims.typ !== 'access' || typeof claims.sub !== 'string') return false;
    const user = await this.dataSource.getRepository(User).findOneBy({ id: claims.sub });
    if (!user || !user.active) return false;
    return { id: user.id, role: user.role, email: user.email, name: user.name, publicBodyId: user.publicBodyId };
  }
}
