import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/auth/actor';
import { CurrentActor, RequirePermission } from '../common/auth/decorators';
import { ParseIdPipe } from '../common/http/id-param.pipe';
import { ContractsService } from './contracts.service';
import { ContractView } from './dto/contract.view';

@ApiTags('Contrats')
@ApiBearerAuth()
@Controller('contracts')
export class ContractsController {
  constructor(private readonly contracts: ContractsService) {}

  @Get(':id')
  @RequirePermission('contracts:read')
  @ApiOperation({
    summary: 'Consulter un contrat',
    description:
      'Acheteurs de l’organisme public, membres du fournisseur, vérificateurs et administrateurs ; 404 pour les autres.',
  })
  @ApiOkResponse({ type: ContractView })
  get(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string): Promise<ContractView> {
    return this.contracts.get(actor, id);
  }
}
