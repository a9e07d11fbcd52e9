import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '../common/auth/actor';
import { Ctx, RequirePermission } from '../common/auth/decorators';
import { Page } from '../common/util/pagination';
import {
  CreateIneligibleEnterpriseDto,
  IneligibleEnterprisePage,
  IneligibleEnterpriseQuery,
  IneligibleEnterpriseView,
} from './dto/ineligible-enterprise.dto';
import { IneligibleRegisterService } from './ineligible-register.service';

@ApiTags('Registre des entreprises non admissibles')
@ApiBearerAuth()
@Controller('ineligible-enterprises')
export class IneligibleEnterprisesController {
  constructor(private readonly register: IneligibleRegisterService) {}

  @Post()
  @RequirePermission('ineligible:manage')
  @ApiOperation({
    summary: 'Inscrire une entreprise au registre (administrateurs)',
    description:
      'Période de non-admissibilité en jours civils de Montréal, bornes incluses ; sans date de fin, l’inscription reste en vigueur.',
  })
  @ApiCreatedResponse({ type: IneligibleEnterpriseView })
  create(@Ctx() ctx: CommandContext, @Body() dto: CreateIneligibleEnterpriseDto): Promise<IneligibleEnterpriseView> {
    return this.register.create(ctx, dto);
  }

  @Get()
  @RequirePermission('ineligible:read')
  @ApiOperation({
    summary: 'Consulter le registre',
    description:
      'Inscriptions paginées, la plus récente d’abord, filtrables par NEQ ; « inEffect » selon l’horloge de la base.',
  })
  @ApiOkResponse({ type: IneligibleEnterprisePage })
  list(@Query() query: IneligibleEnterpriseQuery): Promise<Page<IneligibleEnterpriseView>> {
    return this.register.list(query);
  }
}
