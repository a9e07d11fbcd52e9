import { Module } from '@nestjs/common';
import { ContractsController } from './contracts.controller';
import { ContractsService } from './contracts.service';

/** Contracts created by the award (domain.md §7). */
@Module({
  controllers: [ContractsController],
  providers: [ContractsService],
})
export class ContractsModule {}
