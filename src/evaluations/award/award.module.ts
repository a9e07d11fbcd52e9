import { Module } from '@nestjs/common';
import { EvaluationLockModule } from '../evaluation-lock';
import { OrganizationsModule } from '../../organizations/organizations.module';
import { AwardController } from './award.controller';
import { AwardService } from './award.service';

/** Award, conclusion without award and results (domain.md §7). */
@Module({
  imports: [EvaluationLockModule, OrganizationsModule],
  controllers: [AwardController],
  providers: [AwardService],
})
export class AwardModule {}
