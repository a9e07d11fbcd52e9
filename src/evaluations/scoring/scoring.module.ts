import { Module } from '@nestjs/common';
import { RankingService } from './ranking.service';
import { ScoringController } from './scoring.controller';
import { ScoringService } from './scoring.service';

/** Scores, consensus, lock, ranking and draw (domain.md §6). */
@Module({
  controllers: [ScoringController],
  providers: [ScoringService, RankingService],
})
export class ScoringModule {}
