import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { KeyObject, randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { CommandContext } from '../common/auth/actor';
import { CommandRunner } from '../common/command/command-runner.service';
import { DomainError } from '../common/errors/domain-error';
import { AppConfig } from '../config/app-config';
import { RegistrationService } from '../users/registration.service';
import { UsersService } from '../users/users.service';
import { User } from '../users/entities/user.entity';
import { LoginDto, RegisterDto, TokenPairDto } from './dto/auth.dto';
import { RefreshToken } from './entities/refresh-token.entity';
import { JWT_KEY } from './jwt-secret.provider';
import { PasswordHasher } from '../users/password-hasher';
import { LoginThrottle } from './login-throttle';
import { emailSkeleton } from '../users/email-identity';
import { formatRefreshToken, newRefreshSecret, parseRefreshToken, secretMatches } from './refresh-token';

type RefreshOutcome = { ok: true; pair: TokenPairDto } | { ok: false };

@Injectable()
export class AuthService {
  constructor(
    private readonly commands: CommandRunner,
    private readonly users: UsersService,
    private readonly registration: RegistrationService,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly throttle: LoginThrottle,
    @Inject(JWT_KEY) private readonly key: KeyObject,
  ) {}

  /** Vendor self-registration, the same answer whether the address is taken or not (RegistrationService). */
  register(ctx: CommandContext, dto: RegisterDto) {
    return this.registration.register(ctx, dto);
  }

  /**
   * Checks the password, throttled per account and per client address (LoginThrottle). An
   * unknown address, a wrong password and a deactivated account get the same answer, after
   * the same work (a password hash is always verified).
   */
  async login(ctx: CommandContext, dto: LoginDto, address: string): Promise<TokenPairDto> {
    const accountKey = emailSkeleton(dto.email);
    await this.throttle.begin(accountKey, address);
    const user = await this.users.findByEmail(dto.email);
    const valid = await this.hasher.verify(user?.passwordHash, dto.password);
    if (!user || !valid || !user.active) {
      await this.throttle.failed(address);
      throw new DomainError('UNAUTHENTICATED', 'Courriel ou mot de passe invalide.');
    }
    await this.throttle.succeeded(accountKey);
    return this.commands.run({ ...ctx, actor: this.users.toActor(user) }, async (scope) => {
      const pair = await this.issuePair(scope.em, user, randomUUID());
      scope.audit({ action: 'auth.login', entityType: 'user', entityId: user.id });
      return pair;
    });
  }

  /**
   * Rotates a refresh token. A token already used is a sign of theft: the whole family is
   * revoked (that revocation commits) and the caller gets 401.
   */
  async refresh(ctx: CommandContext, token: string): Promise<TokenPairDto> {
    const parsed = parseRefreshToken(token);
    if (!parsed) throw new DomainError('UNAUTHENTICATED', 'Jeton de rafraîchissement invalide.');
    const outcome = await this.commands.run<RefreshOutcome>(ctx, async (scope) => {
      const em = scope.em;
      const row = await em
        .getRepository(RefreshToken)
        .findOne({ where: { id: parsed.id }, lock: { mode: 'pessimistic_write' } });
      if (!row || !secretMatches(parsed.secret, row.tokenHash)) {
        throw new DomainError('UNAUTHENTICATED', 'Jeton de rafraîchissement invalide.');
      }
      const [{ now }] = await em.query<{ now: Date }[]>('SELECT now() AS now');
      if (row.revokedAt || row.expiresAt <= now) {
        throw new DomainError('UNAUTHENTICATED', 'Jeton de rafraîchissement expiré ou révoqué.');
      }
      if (row.usedAt) {
        await this.revokeFamily(em, row.familyId);
        scope.audit({
          action: 'auth.refresh-reuse-detected',
          entityType: 'user',
          entityId: row.userId,
          data: { familyId: row.familyId },
        });
        return { ok: false };
      }
      const user = await em.getRepository(User).findOneBy({ id: row.userId });
      if (!user || !user.active) throw new DomainError('UNAUTHENTICATED');
      await em.update(RefreshToken, { id: row.id }, { usedAt: () => 'now()' });
      const pair = await this.issuePair(em, user, row.familyId);
      scope.audit({ action: 'auth.refresh', entityType: 'user', entityId: user.id });
      return { ok: true, pair };
    });
    if (!outcome.ok)
      throw new DomainError('UNAUTHENTICATED', 'Jeton de rafraîchissement déjà utilisé : session révoquée.');
    return outcome.pair;
  }

  /** Ends the session of that refresh token (its whole family). Idempotent. */
  async logout(ctx: CommandContext, token: string): Promise<void> {
    const parsed = parseRefreshToken(token);
    if (!parsed || !ctx.actor) return;
    const actorId = ctx.actor.id;
    await this.commands.run(ctx, async (scope) => {
      const row = await scope.em.getRepository(RefreshToken).findOneBy({ id: parsed.id });
      const owned = row && row.userId === actorId && secretMatches(parsed.secret, row.tokenHash);
      if (owned) await this.revokeFamily(scope.em, row.familyId);
      scope.audit({
        action: 'auth.logout',
        entityType: 'user',
        entityId: actorId,
        data: { sessionEnded: Boolean(owned) },
      });
    });
  }

  private async revokeFamily(em: EntityManager, familyId: string): Promise<void> {
    await em.query(`UPDATE refresh_token SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`, [
      familyId,
    ]);
  }

  private async issuePair(em: EntityManager, user: User, familyId: string): Promise<TokenPairDto> {
    const { secret, hash } = newRefreshSecret();
    const [row] = await em.query<{ id: string }[]>(
      `INSERT INTO refresh_token (user_id, family_id, token_hash, expires_at)
       VALUES ($1, $2, $3, now() + ($4 || ' seconds')::interval) RETURNING id`,
      [user.id, familyId, hash, String(this.config.JWT_REFRESH_TTL_SECONDS)],
    );
    const expiresIn = this.config.JWT_ACCESS_TTL_SECONDS;
    const accessToken = await this.jwt.signAsync(
      // sid: the session (refresh family); the token stops working when the session is revoked.
      { sub: user.id, role: user.role, typ: 'access', sid: familyId },
      { secret: this.key as unknown as string, expiresIn, algorithm: 'HS256', jwtid: randomUUID() },
    );
    return {
      accessToken,
      refreshToken: formatRefreshToken(row.id, secret),
      expiresIn,
      user: { id: user.id, email: user.email, name: user.name, role: user.role },
    };
  }
}
