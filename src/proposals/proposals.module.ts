import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { EarlyTransactionMiddleware } from '../common/command/early-transaction';
import { MulterModule } from '@nestjs/platform-express';
import { IdempotencyModule } from '../common/idempotency/idempotency.module';
import { AppConfig } from '../config/app-config';
import { OrganizationsModule } from '../organizations/organizations.module';
import { ProposalAttachmentsService } from './proposal-attachments.service';
import { ProposalCommandsService } from './proposal-commands.service';
import { ProposalWritesService } from './proposal-writes.service';
import { ProposalsController } from './proposals.controller';

/** Proposals, write side (domain.md §5): create, edit, submit, withdraw, attachments. */
@Module({
  imports: [
    OrganizationsModule,
    IdempotencyModule,
    // No storage given: multer keeps the file in memory (up to the limit), then the command stores it in the database.
    MulterModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ limits: { fileSize: config.PROPOSAL_ATTACHMENT_MAX_BYTES, files: 1 } }),
    }),
  ],
  controllers: [ProposalsController],
  providers: [ProposalWritesService, ProposalCommandsService, ProposalAttachmentsService],
})
export class ProposalsModule implements NestModule {
  /** A submission's transaction begins when its request arrives (P2 decided on that time). */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(EarlyTransactionMiddleware).forRoutes(ProposalsController);
  }
}
