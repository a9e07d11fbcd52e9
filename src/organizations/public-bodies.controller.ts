import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '../common/auth/actor';
import { Ctx, Public, RequirePermission } from '../common/auth/decorators';
import { Page, PageQuery } from '../common/util/pagination';
import { CreatePublicBodyDto, PublicBodyPage, PublicBodyView } from './dto/public-body.dto';
import { PublicBodiesService } from './public-bodies.service';

@ApiTags('Organismes publics')
@Controller('public-bodies')
export class PublicBodiesController {
  constructor(private readonly publicBodies: PublicBodiesService) {}

  @Post()
  @ApiBearerAuth()
  @RequirePermission('public-bodies:create')
  @ApiOperation({
    summary: 'Créer un organisme public (administrateurs)',
    description:
      'Nom en français (anglais facultatif), sigle unique sans égard à la casse, chemin du groupe sur la forge. Sigle déjà pris : 409 DUPLICATE_ACRONYM.',
  })
  @ApiCreatedResponse({ type: PublicBodyView })
  create(@Ctx() ctx: CommandContext, @Body() dto: CreatePublicBodyDto): Promise<PublicBodyView> {
    return this.publicBodies.create(ctx, dto);
  }

  @Get()
  @Public()
  @ApiOperation({ summary: 'Liste des organismes publics', description: 'Liste publique et paginée, triée par sigle.' })
  @ApiOkResponse({ type: PublicBodyPage })
  list(@Query() query: PageQuery): Promise<Page<PublicBodyView>> {
    return this.publicBodies.list(query);
  }
}
