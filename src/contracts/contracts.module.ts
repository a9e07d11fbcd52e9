import { Module } from '@nestjs/common';
import { ContractCommandsService } from './contract-commands.service';
import { ContractsController } from './contracts.controller';
import { ContractsService } from './contracts.service';
import { DeliverableChecksService } from './deliverables/deliverable-checks.service';
import { DeliverableIntakeService } from './deliverables/deliverable-intake.service';
import { DeliverableStorage } from './deliverables/deliverable-storage';

/** Contracts after the award (domain.md §7): amendments, delivery and its checks, acceptance, payment, termination. */
@Module({
  controllers: [ContractsController],
  providers: [
    ContractsService,
    ContractCommandsService,
    DeliverableStorage,
    DeliverableIntakeService,
    DeliverableChecksService,
  ],
  exports: [ContractsService, ContractCommandsService],
})
export class ContractsModule {}
