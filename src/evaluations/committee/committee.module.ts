import { Module } from '@nestjs/common';
import { EvaluationLockModule } from '../evaluation-lock';
import { CommitteeDeclarationsService } from './committee-declarations.service';
import { CommitteeController } from './committee.controller';
import { CommitteeService } from './committee.service';

/** Selection committees (domain.md §6): composition and declarations. */
@Module({
  imports: [EvaluationLockModule],
  controllers: [CommitteeController],
  providers: [CommitteeService, CommitteeDeclarationsService],
})
export class CommitteeModule {}
