import { Global, Module } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import { CommandRunner } from './command-runner.service';
import { ReleaseWriter } from './release-seam';

@Global()
@Module({
  providers: [AuditService, CommandRunner, ReleaseWriter],
  exports: [AuditService, CommandRunner, ReleaseWriter],
})
export class CommandModule {}
