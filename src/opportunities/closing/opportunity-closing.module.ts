import { Module } from '@nestjs/common';
import { OpportunityClosingScheduler } from './opportunity-closing.scheduler';
import { OpportunityClosingService } from './opportunity-closing.service';

/** PUBLISHED → EVALUATION at the proposal deadline: the closing sweep and its schedule (docs/closing.md). */
@Module({
  providers: [OpportunityClosingService, OpportunityClosingScheduler],
  exports: [OpportunityClosingService],
})
export class OpportunityClosingModule {}
