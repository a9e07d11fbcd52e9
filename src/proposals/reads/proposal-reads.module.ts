import { Module } from '@nestjs/common';
import { ProposalReadsController } from './proposal-reads.controller';
import { ProposalReadsService } from './proposal-reads.service';

/** Reads of sealed proposals (domain.md §5.1), through the access service. */
@Module({
  controllers: [ProposalReadsController],
  providers: [ProposalReadsService],
})
export class ProposalReadsModule {}
