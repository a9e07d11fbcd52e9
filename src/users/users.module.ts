import { Module, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { JobRegistry } from '../jobs/job-registry';
import { AccountMail } from './account-mail';
import { ACCOUNT_EMAIL_JOB, AccountEmailPayload, isAccountEmailPayload } from './account-tokens';
import { PasswordHasher } from './password-hasher';
import { RegistrationService } from './registration.service';
import { UserDirectoryService } from './user-directory.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  controllers: [UsersController],
  providers: [UsersService, PasswordHasher, RegistrationService, UserDirectoryService, AccountMail],
  exports: [UsersService, PasswordHasher, RegistrationService],
})
export class UsersModule implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly users: UsersService,
    private readonly registry: JobRegistry,
    private readonly mail: AccountMail,
  ) {}

  onModuleInit(): void {
    this.registry.register(ACCOUNT_EMAIL_JOB, {
      handle: async (payload, context) => {
        if (!isAccountEmailPayload(payload)) {
          return { permanentFailure: `Charge utile invalide / invalid payload: ${JSON.stringify(payload)}` };
        }
        return this.mail.send(payload as AccountEmailPayload, context);
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.users.ensureBootstrapAdmin();
  }
}
