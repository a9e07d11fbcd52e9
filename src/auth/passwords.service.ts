import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, CommandContext } from '../common/auth/actor';
import { CommandRunner } from '../common/command/command-runner.service';
import { DomainError, validationFailed } from '../common/errors/domain-error';
import { revokeSessions } from '../users/account-sessions';
import { issueAccountToken, redeemAccountToken } from '../users/account-tokens';
import { emailSkeleton, normalizeEmail } from '../users/email-identity';
import { User } from '../users/entities/user.entity';
import { PasswordHasher } from '../users/password-hasher';
import { LoginThrottle } from './login-throttle';

export const RESET_REQUESTED =
  'Si un compte actif correspond à cette adresse, un lien de réinitialisation vient de lui être envoyé (valide 30 minutes). / ' +
  'If an active account has this address, a reset link was just sent to it (valid 30 minutes).';

/**
 * Passwords (docs/accounts.md): change one's own (the current password is checked and
 * throttled like a log-in; every other session ends), and reset by e-mail (a single-use,
 * short-lived link; the same answer whether or not the address has an account; every session
 * ends, and the address counts as verified since its holder read the link).
 */
@Injectable()
export class PasswordsService {
  constructor(
    private readonly commands: CommandRunner,
    private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
  ) {}

  async change(
    ctx: CommandContext,
    actor: Actor,
    sessionId: string | undefined,
    current: string,
    next: string,
    address: string,
  ): Promise<void> {
    const accountKey = emailSkeleton(actor.email);
    await this.throttle.begin(accountKey, address);
    const user = await this.dataSource.getRepository(User).findOneByOrFail({ id: actor.id });
    if (!(await this.hasher.verify(user.passwordHash, current))) {
      await this.throttle.failed(address);
      throw validationFailed([{ path: 'currentPassword', message: 'mot de passe actuel incorrect' }]);
    }
    await this.throttle.succeeded(accountKey);
    const passwordHash = await this.hasher.hash(next);
    await this.commands.run(ctx, async (scope) => {
      await scope.em.query(`UPDATE app_user SET password_hash = $2, updated_at = now() WHERE id = $1`, [
        actor.id,
        passwordHash,
      ]);
      await revokeSessions(scope.em, actor.id, sessionId);
      scope.audit({ action: 'auth.password-change', entityType: 'user', entityId: actor.id });
    });
  }

  /** Always the same answer; an active account with this exact address gets a link. */
  async requestReset(ctx: CommandContext, email: string): Promise<{ message: string }> {
    const normal = normalizeEmail(email);
    await this.commands.run(ctx, async (scope) => {
      const [user] = await scope.em.query<{ id: string }[]>(
        `SELECT id FROM app_user WHERE email = $1 AND active FOR UPDATE`,
        [normal],
      );
      if (user) await issueAccountToken(scope, user.id, 'reset-password');
      scope.audit({ action: 'auth.password-reset-request', entityType: 'user', entityId: user?.id ?? null });
    });
    return { message: RESET_REQUESTED };
  }

  /** Uses the link once: new password, every session revoked, address verified. */
  async reset(ctx: CommandContext, token: string, password: string): Promise<void> {
    const passwordHash = await this.hasher.hash(password);
    await this.commands.run(ctx, async (scope) => {
      const { userId } = await redeemAccountToken(scope.em, token, 'reset-password');
      const [user] = await scope.em.query<{ active: boolean }[]>(`SELECT active FROM app_user WHERE id = $1`, [userId]);
      if (!user?.active) throw new DomainError('INVALID_TOKEN');
      await scope.em.query(
        `UPDATE app_user SET password_hash = $2, email_verified_at = COALESCE(email_verified_at, now()), updated_at = now()
          WHERE id = $1`,
        [userId, passwordHash],
      );
      await revokeSessions(scope.em, userId);
      scope.audit({ action: 'auth.password-reset', entityType: 'user', entityId: userId });
    });
  }
}
