import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor, CommandContext } from '../../common/auth/actor';
import { Ctx, CurrentActor, RequirePermission } from '../../common/auth/decorators';
import { ParseIdPipe } from '../../common/http/id-param.pipe';
import { AwardService } from './award.service';
import { AwardDto, AwardView, ConcludedView, ConcludeWithoutAwardDto, ProposalResultView } from './dto/award.dto';

/** Award, conclusion without award, and each bidder's result (domain.md §7). */
@ApiTags('Adjudication')
@ApiBearerAuth()
@Controller()
export class AwardController {
  constructor(private readonly awards: AwardService) {}

  @Post('opportunities/:id/award')
  @HttpCode(200)
  @RequirePermission('award:manage')
  @ApiOperation({
    summary: 'Adjuger le contrat (acheteur de l’organisme)',
    description:
      'Après le verrouillage des notes, à la proposition au premier rang ou gagnante du tirage au sort (sinon 409 AWARD_NOT_ALLOWED ; égalité non tranchée : ' +
      '409 TIE_REQUIRES_DRAW). Le registre des entreprises non admissibles est vérifié de nouveau : une proposition inscrite est disqualifiée avec le motif, le ' +
      'classement est mis à jour et l’adjudication à cette proposition est refusée (422 VENDOR_INELIGIBLE). Une seule adjudication par appel d’offres ' +
      '(409 ALREADY_AWARDED). Crée le contrat (référence C-<année>-<numéro>) et transmet le résultat à chaque soumissionnaire.',
  })
  @ApiOkResponse({ type: AwardView })
  award(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: AwardDto,
  ): Promise<AwardView> {
    return this.awards.award(ctx, actor, id, dto);
  }

  @Post('opportunities/:id/conclude-without-award')
  @HttpCode(200)
  @RequirePermission('award:manage')
  @ApiOperation({
    summary: 'Conclure sans adjudication (acheteur de l’organisme)',
    description:
      'Lorsqu’aucune proposition n’a été déposée ou qu’aucune n’est acceptable : aucune proposition ne doit rester en lice (déposée, en évaluation ou ' +
      'qualifiée ; sinon 409 INVALID_TRANSITION). L’appel d’offres passe à UNSUCCESSFUL ; le motif est public et transmis aux soumissionnaires et abonnés.',
  })
  @ApiOkResponse({ type: ConcludedView })
  conclude(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: ConcludeWithoutAwardDto,
  ): Promise<ConcludedView> {
    return this.awards.conclude(ctx, actor, id, dto.reason);
  }

  @Get('proposals/:id/result')
  @RequirePermission('proposals:read')
  @ApiOperation({
    summary: 'Résultat de sa proposition (membres de l’organisation, après l’adjudication)',
    description:
      'Votre statut, votre note de qualité, votre prix, votre prix ajusté et votre rang, ainsi que le nom, la note, le prix et le prix ajusté de l’entreprise ' +
      'retenue. 404 avant l’adjudication (ou la conclusion sans adjudication, où `winner` est null).',
  })
  @ApiOkResponse({ type: ProposalResultView })
  result(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string): Promise<ProposalResultView> {
    return this.awards.result(actor, id);
  }
}
