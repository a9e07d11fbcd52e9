import { Module } from '@nestjs/common';
import { ContractPartsReader, ContractPartsSqlReader } from '../contracts/contract-parts';
import { OcdsReleaseWriter } from './ocds-release.writer';

/**
 * The OCDS release writer and the contract parts it reads. CommandModule binds its
 * ReleaseWriter token to OcdsReleaseWriter; the ContractPartsReader token is bound to the
 * contracts module's reader (src/contracts/contract-parts.ts, stateless SQL over the contract
 * tables), provided here because every command's scope needs it and ContractsModule itself
 * depends on the command module.
 */
@Module({
  providers: [OcdsReleaseWriter, { provide: ContractPartsReader, useClass: ContractPartsSqlReader }],
  exports: [OcdsReleaseWriter, ContractPartsReader],
})
export class OcdsWriterModule {}
