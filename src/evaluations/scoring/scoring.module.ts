import { Module } from '@nestjs/common';
import { EvaluationLockModule } from '../evaluation-lock';
import { ScoringController } from './scoring.controller';
import { ScoringService } from './scoring.service';

/** Individual scores, consensus and disqualification (domain.md §6). */
@Module({
  imports: [EvaluationLockModule],
  controllers: [ScoringController],
  providers: [ScoringService],
})
export class ScoringModule {}
