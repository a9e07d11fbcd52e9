import { Module } from '@nestjs/common';
import { ContractsModule } from '../../contracts/contracts.module';
import { EvaluationLockModule } from '../evaluation-lock';
import { OrganizationsModule } from '../../organizations/organizations.module';
import { AwardController } from './award.controller';
import { AwardService } from './award.service';

/** Award, conclusion without award and results (domain.md §7). */
@Module({
  imports: [EvaluationLockModule, OrganizationsModule, ContractsModule],
  controllers: [AwardController],
  providers: [AwardService],
})
export class AwardModule {}
