import { Module } from '@nestjs/common';
import { OpportunitySearchController } from './opportunity-search.controller';
import { OpportunitySearchService } from './opportunity-search.service';

/** `GET /opportunities`: the public search. */
@Module({
  controllers: [OpportunitySearchController],
  providers: [OpportunitySearchService],
  exports: [OpportunitySearchService],
})
export class OpportunitySearchModule {}
