import { Module } from '@nestjs/common';
import { WorklistsController } from './worklists.controller';
import { WorklistsService } from './worklists.service';

/** The staff's own lists of opportunities (docs/opportunities.md, "Worklists"). */
@Module({
  controllers: [WorklistsController],
  providers: [WorklistsService],
})
export class WorklistsModule {}
