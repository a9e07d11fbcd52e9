import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor, CommandContext } from '../common/auth/actor';
import { Ctx, CurrentActor, Public, RequirePermission } from '../common/auth/decorators';
import { ParseIdPipe } from '../common/http/id-param.pipe';
import { CancelDto, PublishDto, ReturnToDraftDto } from './dto/opportunity-commands.dto';
import { CreateOpportunityDto, UpdateOpportunityDto } from './dto/opportunity-input.dto';
import { OpportunityView } from './dto/opportunity.view';
import { OpportunityCancellationService } from './opportunity-cancellation.service';
import { OpportunityDraftsService } from './opportunity-drafts.service';
import { OpportunityPublicationService } from './opportunity-publication.service';
import { OpportunityReadsService } from './opportunity-reads.service';

/** One opportunity: drafts, review, publication, cancellation, and its public page. */
@ApiTags('Opportunités')
@ApiBearerAuth()
@Controller('opportunities')
export class OpportunitiesController {
  constructor(
    private readonly drafts: OpportunityDraftsService,
    private readonly publication: OpportunityPublicationService,
    private readonly cancellation: OpportunityCancellationService,
    private readonly reads: OpportunityReadsService,
  ) {}

  @Post()
  @RequirePermission('opportunities:create')
  @ApiOperation({
    summary: 'Créer une opportunité (acheteurs)',
    description:
      'Crée un brouillon (DRAFT) pour l’organisme public de l’acheteur, avec une référence EEC-<année>-<numéro> sans trou et son ocid. ' +
      'Un brouillon peut être incomplet, mais ce qu’il contient doit respecter les règles : valeur (O1, 422 VALUE_ABOVE_CAP), ' +
      'critères (O2, 422 INVALID_CRITERIA), facteur K (O3, 422 INVALID_K), licence (O6, 422 INVALID_LICENSE).',
  })
  @ApiCreatedResponse({ type: OpportunityView })
  create(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor,
    @Body() dto: CreateOpportunityDto,
  ): Promise<OpportunityView> {
    return this.drafts.create(ctx, actor, dto);
  }

  @Get(':id')
  @Public()
  @ApiOperation({
    summary: 'Consulter une opportunité',
    description:
      'Publique une fois publiée ; les brouillons et les opportunités en révision ne sont visibles que des acheteurs de l’organisme et des administrateurs, ' +
      'et un appel sur invitation que des organisations invitées (404 pour toute autre personne). L’état affiché est l’état effectif ' +
      '(EVALUATION dès la date limite passée). Comprend les addendas et les questions répondues, sans l’identité de qui les a posées.',
  })
  @ApiOkResponse({ type: OpportunityView })
  get(@CurrentActor() actor: Actor | undefined, @Param('id', ParseIdPipe) id: string): Promise<OpportunityView> {
    return this.reads.get(actor, id);
  }

  @Patch(':id')
  @RequirePermission('opportunities:manage')
  @ApiOperation({
    summary: 'Modifier un brouillon (acheteurs de l’organisme)',
    description:
      'Seuls les champs présents changent ; null efface un champ facultatif ; « criteria » remplace tous les critères. ' +
      'Après publication : 409 OPPORTUNITY_FROZEN (les changements passent par un addenda) ; en révision : 409 INVALID_TRANSITION.',
  })
  @ApiOkResponse({ type: OpportunityView })
  update(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: UpdateOpportunityDto,
  ): Promise<OpportunityView> {
    return this.drafts.update(ctx, actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('opportunities:manage')
  @ApiOperation({
    summary: 'Supprimer un brouillon (acheteurs de l’organisme)',
    description:
      'Seul un brouillon peut être supprimé (sinon 409 INVALID_TRANSITION) ; sa référence n’est pas réutilisée.',
  })
  @ApiNoContentResponse()
  remove(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<void> {
    return this.drafts.remove(ctx, actor, id);
  }

  @Post(':id/submit-for-review')
  @HttpCode(200)
  @RequirePermission('opportunities:manage')
  @ApiOperation({
    summary: 'Soumettre pour révision (acheteurs de l’organisme)',
    description:
      'DRAFT → UNDER_REVIEW. Vérifie dès maintenant le contenu (O1, O2, O3, O5, O6) pour que la révision porte sur un dossier complet.',
  })
  @ApiOkResponse({ type: OpportunityView })
  submitForReview(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<OpportunityView> {
    return this.publication.submitForReview(ctx, actor, id);
  }

  @Post(':id/return-to-draft')
  @HttpCode(200)
  @RequirePermission('opportunities:review')
  @ApiOperation({
    summary: 'Renvoyer en brouillon (administrateurs)',
    description: 'UNDER_REVIEW → DRAFT, avec un commentaire conservé et journalisé.',
  })
  @ApiOkResponse({ type: OpportunityView })
  returnToDraft(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: ReturnToDraftDto,
  ): Promise<OpportunityView> {
    return this.publication.returnToDraft(ctx, actor, id, dto.comment);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @RequirePermission('opportunities:review')
  @ApiOperation({
    summary: 'Publier (administrateurs)',
    description:
      'UNDER_REVIEW → PUBLISHED à l’heure de la base de données. Vérifie O1 à O6, la période minimale d’appel (O4, 422 DEADLINE_TOO_SOON) et le ' +
      'fractionnement (O8, 422 POSSIBLE_SPLITTING sans justification) ; calcule les dates limites des questions et des plaintes (O7) ; ' +
      'avise par courriel les fournisseurs abonnés aux nouvelles opportunités (appel public) ou les membres des organisations invitées.',
  })
  @ApiOkResponse({ type: OpportunityView })
  publish(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: PublishDto,
  ): Promise<OpportunityView> {
    return this.publication.publish(ctx, actor, id, dto.splittingJustification);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequirePermission('opportunities:cancel')
  @ApiOperation({
    summary: 'Annuler (administrateurs ou acheteurs de l’organisme)',
    description:
      'UNDER_REVIEW, PUBLISHED ou EVALUATION → CANCELLED, avec un motif public ; les abonnés sont avisés par courriel.',
  })
  @ApiOkResponse({ type: OpportunityView })
  cancel(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: CancelDto,
  ): Promise<OpportunityView> {
    return this.cancellation.cancel(ctx, actor, id, dto.reason);
  }
}
