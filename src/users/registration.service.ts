import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Actor, CommandContext } from '../common/auth/actor';
import { CommandRunner, CommandScope } from '../common/command/command-runner.service';
import { DomainError } from '../common/errors/domain-error';
import { isUniqueViolation } from '../common/util/pg-errors';
import { issueAccountToken, queueRegistrationAttemptNotice, redeemAccountToken } from './account-tokens';
import { AccountDto } from './dto/users.dto';
import { newAccountEmail } from './email-identity';
import { Language, User } from './entities/user.entity';
import { PasswordHasher } from './password-hasher';

export interface VendorRegistration {
  email: string;
  password: string;
  name: string;
  preferredLanguage?: Language;
}

/**
 * Vendor self-registration with e-mail verification (docs/accounts.md). The answer is the same
 * whether the address (or a look-alike of it) is taken or not, after the same work (the
 * password is hashed either way): a new address gets an account and a verification link, a
 * taken one creates nothing and its holder gets an e-mail saying someone tried.
 */
@Injectable()
export class RegistrationService {
  constructor(
    private readonly commands: CommandRunner,
    private readonly hasher: PasswordHasher,
  ) {}

  async register(ctx: CommandContext, input: VendorRegistration): Promise<AccountDto> {
    const { email, skeleton } = newAccountEmail(input.email);
    const passwordHash = await this.hasher.hash(input.password);
    const language = input.preferredLanguage ?? 'fr';
    const id = randomUUID();
    const answer: AccountDto = {
      id,
      email,
      name: input.name,
      role: 'vendor',
      publicBodyId: null,
      preferredLanguage: language,
    };
    try {
      await this.commands.run(ctx, async (scope) => {
        const [taken] = await scope.em.query<{ id: string }[]>(
          `SELECT id FROM app_user WHERE email_skeleton = $1 OR email = $2 LIMIT 1`,
          [skeleton, email],
        );
        if (taken) return this.noticeTaken(scope, taken.id, id);
        await scope.em.getRepository(User).insert({
          id,
          email,
          emailSkeleton: skeleton,
          name: input.name,
          passwordHash,
          role: 'vendor',
          publicBodyId: null,
          preferredLanguage: language,
          emailVerifiedAt: null,
        });
        await issueAccountToken(scope, id, 'verify-email');
        scope.audit({
          action: 'users.create',
          entityType: 'user',
          entityId: id,
          data: { email, role: 'vendor', publicBodyId: null, selfRegistered: true },
        });
      });
    } catch (e) {
      if (!isUniqueViolation(e, 'uq_app_user_email') && !isUniqueViolation(e, 'uq_app_user_email_skeleton')) throw e;
      // A registration of the same address committed in between: this one is the taken case.
      await this.commands.run(ctx, async (scope) => {
        const [taken] = await scope.em.query<{ id: string }[]>(
          `SELECT id FROM app_user WHERE email_skeleton = $1 OR email = $2 LIMIT 1`,
          [skeleton, email],
        );
        if (taken) this.noticeTaken(scope, taken.id, id);
        else scope.audit({ action: 'users.registration-attempt', entityType: 'user', entityId: null });
      });
    }
    return answer;
  }

  private noticeTaken(scope: CommandScope, userId: string, attemptId: string): void {
    queueRegistrationAttemptNotice(scope, userId, attemptId);
    scope.audit({ action: 'users.registration-attempt', entityType: 'user', entityId: userId });
  }

  /** Follows the e-mailed link: the address is verified (single use). */
  verifyEmail(ctx: CommandContext, token: string): Promise<{ verified: true }> {
    return this.commands.run(ctx, async (scope) => {
      const { userId } = await redeemAccountToken(scope.em, token, 'verify-email');
      await scope.em.query(
        `UPDATE app_user SET email_verified_at = COALESCE(email_verified_at, now()), updated_at = now() WHERE id = $1`,
        [userId],
      );
      scope.audit({ action: 'users.verify-email', entityType: 'user', entityId: userId });
      return { verified: true as const };
    });
  }

  /** A new verification link for the caller (earlier ones stop working); 409 when already verified. */
  resendVerification(ctx: CommandContext, actor: Actor): Promise<{ sent: true }> {
    return this.commands.run(ctx, async (scope) => {
      const [user] = await scope.em.query<{ verified: boolean }[]>(
        `SELECT email_verified_at IS NOT NULL AS verified FROM app_user WHERE id = $1 FOR UPDATE`,
        [actor.id],
      );
      if (!user) throw new DomainError('UNAUTHENTICATED');
      if (user.verified) throw new DomainError('ALREADY_VERIFIED');
      await issueAccountToken(scope, actor.id, 'verify-email');
      scope.audit({ action: 'users.verify-email-resend', entityType: 'user', entityId: actor.id });
      return { sent: true as const };
    });
  }
}
