import { Module } from '@nestjs/common';
import { OpportunitiesController } from './opportunities.controller';
import { OpportunityAddendaService } from './opportunity-addenda.service';
import { OpportunityCancellationService } from './opportunity-cancellation.service';
import { OpportunityDraftsService } from './opportunity-drafts.service';
import { OpportunityParticipationController } from './opportunity-participation.controller';
import { OpportunityParticipationService } from './opportunity-participation.service';
import { OpportunityPublicationService } from './opportunity-publication.service';
import { OpportunityQuestionsService } from './opportunity-questions.service';
import { OpportunityReadsService } from './opportunity-reads.service';

/** Opportunities (domain.md §4): drafts, review and publication, addenda, questions, invitations. */
@Module({
  controllers: [OpportunitiesController, OpportunityParticipationController],
  providers: [
    OpportunityDraftsService,
    OpportunityPublicationService,
    OpportunityCancellationService,
    OpportunityAddendaService,
    OpportunityQuestionsService,
    OpportunityParticipationService,
    OpportunityReadsService,
  ],
  exports: [OpportunityReadsService],
})
export class OpportunitiesModule {}
