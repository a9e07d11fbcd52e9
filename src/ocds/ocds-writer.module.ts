import { Module } from '@nestjs/common';
import { ContractPartsReader, TableContractPartsReader } from './contract-parts';
import { OcdsReleaseWriter } from './ocds-release.writer';

/**
 * The OCDS release writer and the contract parts it reads. CommandModule binds its
 * ReleaseWriter token to OcdsReleaseWriter; the contracts module may replace the
 * ContractPartsReader binding here with its own reader.
 */
@Module({
  providers: [OcdsReleaseWriter, { provide: ContractPartsReader, useClass: TableContractPartsReader }],
  exports: [OcdsReleaseWriter, ContractPartsReader],
})
export class OcdsWriterModule {}
