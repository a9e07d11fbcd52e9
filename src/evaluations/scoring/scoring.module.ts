import { Module } from '@nestjs/common';
import { EvaluationLockModule } from '../evaluation-lock';
import { RankingService } from './ranking.service';
import { ScoringController } from './scoring.controller';
import { ScoringService } from './scoring.service';

/** Scores, consensus, lock, ranking and draw (domain.md §6). */
@Module({
  imports: [EvaluationLockModule],
  controllers: [ScoringController],
  providers: [ScoringService, RankingService],
})
export class ScoringModule {}
