import { Module } from '@nestjs/common';
import { ContractsModule } from '../contracts/contracts.module';
import { ForgePublicationStore } from './forge-publication.store';
import { ForgePublishJob } from './forge-publish.job';
import { ForgePublisher } from './forge-publisher';

/** Publication of accepted code on the government forge (domain.md §7, docs/forge.md). */
@Module({
  imports: [ContractsModule],
  providers: [ForgePublicationStore, ForgePublisher, ForgePublishJob],
  exports: [ForgePublisher],
})
export class ForgeModule {}
