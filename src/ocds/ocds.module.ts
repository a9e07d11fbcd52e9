import { Module } from '@nestjs/common';
import { OcdsController } from './ocds.controller';
import { OcdsPackagesService } from './ocds-packages.service';

/** OCDS release and record packages (docs/open-data.md); the writer is OcdsWriterModule. */
@Module({
  controllers: [OcdsController],
  providers: [OcdsPackagesService],
  exports: [OcdsPackagesService],
})
export class OcdsModule {}
