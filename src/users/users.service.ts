import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Actor, CommandContext, SYSTEM_CONTEXT } from '../common/auth/actor';
import { Role } from '../common/auth/roles';
import { CommandRunner } from '../common/command/command-runner.service';
import { DomainError, validationFailed } from '../common/errors/domain-error';
import { isUniqueViolation } from '../common/util/pg-errors';
import { AppConfig } from '../config/app-config';
import { PasswordHasher } from './password-hasher';
import { PublicBody } from '../organizations/entities/public-body.entity';
import { VendorMembership } from '../organizations/entities/vendor-membership.entity';
import { revokeSessions } from './account-sessions';
import { AccountDto, AccountStatusView, MeDto } from './dto/users.dto';
import { newAccountEmail, normalizeEmail } from './email-identity';
import { Language, User } from './entities/user.entity';

export interface NewAccount {
  email: string;
  password: string;
  name: string;
  role: Role;
  publicBodyId: string | null;
  preferredLanguage?: Language;
}

export const DEFAULT_ADMIN_EMAIL = 'admin@echanges.local';

@Injectable()
export class UsersService {
  private readonly logger = new Logger('Users');
  /** The initial admin created by this process's start, for the start-up banner. */
  createdAdmin: { email: string; generatedPassword: string | null } | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: CommandRunner,
    private readonly hasher: PasswordHasher,
    private readonly config: AppConfig,
  ) {}

  findByEmail(email: string): Promise<User | null> {
    return this.dataSource.getRepository(User).findOneBy({ email: normalizeEmail(email) });
  }

  toActor(user: User): Actor {
    return { id: user.id, role: user.role, email: user.email, name: user.name, publicBodyId: user.publicBodyId };
  }

  /** Creates an account of any role (the caller's route decides which roles it may create). */
  async createAccount(ctx: CommandContext, input: NewAccount): Promise<AccountDto> {
    if (input.role === 'buyer' && !input.publicBodyId) {
      throw validationFailed([
        { path: 'publicBodyId', message: 'un acheteur doit être rattaché à un organisme public' },
      ]);
    }
    if (input.role !== 'buyer' && input.publicBodyId) {
      throw validationFailed([
        { path: 'publicBodyId', message: 'seul un acheteur est rattaché à un organisme public' },
      ]);
    }
    const { email, skeleton } = newAccountEmail(input.email);
    const passwordHash = await this.hasher.hash(input.password);
    try {
      return await this.commands.run(ctx, async (scope) => {
        const repo = scope.em.getRepository(User);
        if (input.publicBodyId && !(await scope.em.getRepository(PublicBody).existsBy({ id: input.publicBodyId }))) {
          throw validationFailed([{ path: 'publicBodyId', message: 'organisme public inconnu' }]);
        }
        // A look-alike of an existing address is taken too (same answer as the address itself).
        if (await repo.existsBy({ emailSkeleton: skeleton })) throw new DomainError('EMAIL_TAKEN');
        const user = await repo.save(
          repo.create({
            email,
            emailSkeleton: skeleton,
            name: input.name,
            passwordHash,
            role: input.role,
            publicBodyId: input.publicBodyId,
            preferredLanguage: input.preferredLanguage ?? 'fr',
          }),
        );
        scope.audit({
          action: 'users.create',
          entityType: 'user',
          entityId: user.id,
          data: { email: user.email, role: user.role, publicBodyId: user.publicBodyId },
        });
        return this.toAccount(user);
      });
    } catch (e) {
      if (isUniqueViolation(e, 'uq_app_user_email') || isUniqueViolation(e, 'uq_app_user_email_skeleton'))
        throw new DomainError('EMAIL_TAKEN');
      throw e;
    }
  }

  /**
   * Deactivates or reactivates an account (admins). Deactivation ends every session at once:
   * refresh tokens are revoked and the next request with an access token already issued is
   * refused (JwtStrategy reloads the account). An admin cannot deactivate their own account,
   * so at least one admin always remains. Repeating it changes nothing.
   */
  setActive(ctx: CommandContext, actor: Actor, userId: string, active: boolean): Promise<AccountStatusView> {
    return this.commands.run(ctx, async (scope) => {
      const [user] = await scope.em.query<{ id: string; active: boolean }[]>(
        `SELECT id, active FROM app_user WHERE id = $1 FOR UPDATE`,
        [userId],
      );
      if (!user) throw DomainError.notFound('user');
      if (!active && userId === actor.id) throw new DomainError('CANNOT_DEACTIVATE_SELF');
      await scope.em.query(`UPDATE app_user SET active = $2, updated_at = now() WHERE id = $1`, [userId, active]);
      if (!active) await revokeSessions(scope.em, userId);
      scope.audit({
        action: active ? 'users.reactivate' : 'users.deactivate',
        entityType: 'user',
        entityId: userId,
        data: { changed: user.active !== active },
      });
      return { id: userId, active };
    });
  }

  /** An admin confirms an address (e.g. after checking it with its holder); repeating it changes nothing. */
  confirmEmail(ctx: CommandContext, userId: string): Promise<{ verified: true }> {
    return this.commands.run(ctx, async (scope) => {
      const rows = await scope.em.query<{ id: string }[]>(
        `WITH confirmed AS (
           UPDATE app_user SET email_verified_at = COALESCE(email_verified_at, now()) WHERE id = $1 RETURNING id)
         SELECT id FROM confirmed`,
        [userId],
      );
      if (rows.length === 0) throw DomainError.notFound('user');
      scope.audit({ action: 'users.verify-email', entityType: 'user', entityId: userId, data: { byAdmin: true } });
      return { verified: true as const };
    });
  }

  async me(actor: Actor): Promise<MeDto> {
    const user = await this.dataSource.getRepository(User).findOneByOrFail({ id: actor.id });
    const memberships = await this.dataSource.getRepository(VendorMembership).find({
      where: { userId: actor.id },
      order: { createdAt: 'ASC' },
    });
    return {
      ...this.toAccount(user),
      emailVerified: user.emailVerifiedAt !== null,
      vendorOrganizations: memberships.map((m) => ({ id: m.vendorId, role: m.role })),
    };
  }

  /**
   * Creates the first admin when no account has the configured e-mail. Without
   * ADMIN_PASSWORD (outside production), a password is generated and printed once.
   */
  async ensureBootstrapAdmin(): Promise<void> {
    const email = (this.config.ADMIN_EMAIL ?? DEFAULT_ADMIN_EMAIL).toLowerCase();
    if (await this.findByEmail(email)) return;
    let password = this.config.ADMIN_PASSWORD;
    if (!password) {
      if (this.config.NODE_ENV === 'production') {
        this.logger.warn('ADMIN_EMAIL/ADMIN_PASSWORD absents : aucun administrateur initial créé.');
        return;
      }
      password = randomBytes(12).toString('base64url');
    }
    try {
      await this.createAccount(SYSTEM_CONTEXT, {
        email,
        password,
        name: 'Administrateur',
        role: 'admin',
        publicBodyId: null,
      });
    } catch (e) {
      if (e instanceof DomainError && e.code === 'EMAIL_TAKEN') return; // another replica created it
      throw e;
    }
    const generated = this.config.ADMIN_PASSWORD ? null : password;
    this.createdAdmin = { email, generatedPassword: generated };
    // The HTTP process prints the password in its start-up banner (bootstrap-banner.ts); a worker has no banner.
    this.logger.log(
      `Administrateur initial créé : ${email}` +
        (generated && !this.config.runsHttp ? ` — mot de passe généré : ${generated}` : ''),
    );
  }

  toAccount(user: User): AccountDto {
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      publicBodyId: user.publicBodyId,
      preferredLanguage: user.preferredLanguage,
    };
  }
}
