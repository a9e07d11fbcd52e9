import { Module } from '@nestjs/common';
import { CommitteeDeclarationsService } from './committee-declarations.service';
import { CommitteeController } from './committee.controller';
import { CommitteeService } from './committee.service';

/** Selection committees (domain.md §6): composition and declarations. */
@Module({
  controllers: [CommitteeController],
  providers: [CommitteeService, CommitteeDeclarationsService],
})
export class CommitteeModule {}
