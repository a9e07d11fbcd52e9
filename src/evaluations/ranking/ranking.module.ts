import { Module } from '@nestjs/common';
import { EvaluationLockModule } from '../evaluation-lock';
import { RankingController } from './ranking.controller';
import { RankingService } from './ranking.service';

/** Lock, ranking and draw (domain.md §6). */
@Module({
  imports: [EvaluationLockModule],
  controllers: [RankingController],
  providers: [RankingService],
})
export class RankingModule {}
