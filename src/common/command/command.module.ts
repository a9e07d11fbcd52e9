import { Global, Module } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import { CommandRunner } from './command-runner.service';

@Global()
@Module({
  providers: [AuditService, CommandRunner],
  exports: [AuditService, CommandRunner],
})
export class CommandModule {}
