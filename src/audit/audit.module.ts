import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';

/** AuditService itself is global (CommandModule): every command appends through it. */
@Module({ controllers: [AuditController] })
export class AuditModule {}
