import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor, CommandContext } from '../../common/auth/actor';
import { Ctx, CurrentActor, RequirePermission } from '../../common/auth/decorators';
import { ParseIdPipe } from '../../common/http/id-param.pipe';
import { CommitteeDeclarationsService } from './committee-declarations.service';
import { CommitteeService } from './committee.service';
import { CommitteeView, DeclarationView, ReplaceCommitteeDto, SignDeclarationDto } from './dto/committee.dto';

/** The selection committee of an opportunity and its members' declarations (domain.md §6). */
@ApiTags('Comité de sélection')
@ApiBearerAuth()
@Controller()
export class CommitteeController {
  constructor(
    private readonly committee: CommitteeService,
    private readonly declarations: CommitteeDeclarationsService,
  ) {}

  @Put('opportunities/:id/committee')
  @RequirePermission('committee:manage')
  @ApiOperation({
    summary: 'Composer le comité de sélection (acheteurs de l’organisme)',
    description:
      'Remplace la composition précédente : un secrétaire (acheteur de l’organisme responsable) et au moins COMMITTEE_MIN_EVALUATORS évaluateurs ' +
      '(acheteurs de tout organisme ou comptes d’évaluateur externe), dont un externe si COMMITTEE_REQUIRE_EXTERNAL ; personne n’est à la fois ' +
      'secrétaire et évaluateur, ni membre d’une organisation qui a déposé une proposition (422 INVALID_COMMITTEE, avec la liste des violations). ' +
      'Impossible une fois l’opportunité annulée, adjugée ou sans suite (409). Les nouveaux membres sont avisés par courriel.',
  })
  @ApiOkResponse({ type: CommitteeView })
  replace(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: ReplaceCommitteeDto,
  ): Promise<CommitteeView> {
    return this.committee.replace(ctx, actor, id, dto);
  }

  @Get('opportunities/:id/committee')
  @RequirePermission('committee:read')
  @ApiOperation({
    summary: 'Consulter le comité de sélection',
    description:
      'Acheteurs de l’organisme, membres du comité, administrateurs et vérificateurs. evaluationBlocked : moins d’évaluateurs non récusés que le minimum. Après la date limite, les récusations (et evaluationBlocked) valent null pour qui ne connaît que le nombre de propositions : elles diraient qui a soumis. / Owning buyers, committee members, admins, auditors; after the deadline recusals are null for readers who may only know the number of proposals.',
  })
  @ApiOkResponse({ type: CommitteeView })
  get(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string): Promise<CommitteeView> {
    return this.committee.get(actor, id);
  }

  @Post('opportunities/:id/declarations')
  @RequirePermission('committee:declare')
  @ApiOperation({
    summary: 'Signer la déclaration de confidentialité et de conflits d’intérêts (membres du comité)',
    description:
      'Une seule fois par opportunité (409 CONFLICT ensuite), à l’heure de la base de données. Un conflit déclaré avec une organisation qui a ' +
      'déposé une proposition récuse le membre : il ne lit plus rien des propositions (403 RECUSED).',
  })
  @ApiCreatedResponse({ type: DeclarationView })
  declare(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: SignDeclarationDto,
  ): Promise<DeclarationView> {
    return this.declarations.sign(ctx, actor, id, dto);
  }
}
