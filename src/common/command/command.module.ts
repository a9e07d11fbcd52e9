import { Global, Module } from '@nestjs/common';
import { AuditSealer } from '../../audit/audit-sealer.service';
import { AuditService } from '../../audit/audit.service';
import { OcdsReleaseWriter } from '../../ocds/ocds-release.writer';
import { OcdsWriterModule } from '../../ocds/ocds-writer.module';
import { CommandRunner } from './command-runner.service';
import { ReleaseWriter } from './release-seam';

@Global()
@Module({
  imports: [OcdsWriterModule],
  // The release seam writes OCDS releases (docs/open-data.md): the one binding of ReleaseWriter.
  providers: [AuditService, AuditSealer, CommandRunner, { provide: ReleaseWriter, useExisting: OcdsReleaseWriter }],
  exports: [AuditService, AuditSealer, CommandRunner, ReleaseWriter, OcdsWriterModule],
})
export class CommandModule {}
