import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor, CommandContext } from '../../common/auth/actor';
import { Ctx, CurrentActor, RequirePermission } from '../../common/auth/decorators';
import { ParseIdPipe } from '../../common/http/id-param.pipe';
import {
  DisqualifiedView,
  DisqualifyDto,
  QualityScoreView,
  RecordConsensusDto,
  ScoresView,
  SubmitScoresDto,
} from './dto/scoring.dto';
import { ScoringService } from './scoring.service';

/** Evaluation (domain.md §6): individual and consensus scores, disqualification. */
@ApiTags('Évaluation')
@ApiBearerAuth()
@Controller()
export class ScoringController {
  constructor(private readonly scoring: ScoringService) {}

  @Put('proposals/:id/scores')
  @RequirePermission('evaluation:score')
  @ApiOperation({
    summary: 'Saisir ses notes individuelles (évaluateurs du comité)',
    description:
      'Une note par critère, de 0 à 100 avec au plus 2 décimales, et un commentaire ; remplace vos notes précédentes. Déclaration signée et non récusé ' +
      '(403 DECLARATION_REQUIRED / RECUSED), proposition en évaluation, avant le verrouillage (409 SCORES_LOCKED), évaluation non bloquée (409 EVALUATION_BLOCKED). ' +
      'La première note fige la composition du comité.',
  })
  @ApiOkResponse({ type: ScoresView })
  submitScores(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: SubmitScoresDto,
  ): Promise<ScoresView> {
    return this.scoring.submitScores(ctx, actor, id, dto);
  }

  @Get('proposals/:id/scores')
  @RequirePermission('evaluation:read')
  @ApiOperation({
    summary: 'Consulter les notes individuelles',
    description:
      'À l’aveugle : un évaluateur ne voit que les siennes tant qu’il ne les a pas soumises ; ensuite toutes. Le secrétaire voit tout, avec la moyenne par critère. ' +
      'Hors comité : les vérificateurs après la date limite, les acheteurs de l’organisme et les administrateurs après l’adjudication.',
  })
  @ApiOkResponse({ type: ScoresView })
  getScores(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string): Promise<ScoresView> {
    return this.scoring.getScores(actor, id);
  }

  @Put('proposals/:id/consensus')
  @RequirePermission('evaluation:manage')
  @ApiOperation({
    summary: 'Consigner les notes consensuelles (secrétaire)',
    description: 'Une note et une justification par critère ; renvoie Q, conservé sur la proposition.',
  })
  @ApiOkResponse({ type: QualityScoreView })
  consensus(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: RecordConsensusDto,
  ): Promise<QualityScoreView> {
    return this.scoring.recordConsensus(ctx, actor, id, dto);
  }

  @Post('proposals/:id/disqualify')
  @HttpCode(200)
  @RequirePermission('evaluation:manage')
  @ApiOperation({ summary: 'Disqualifier une proposition (secrétaire, avant le verrouillage)' })
  @ApiOkResponse({ type: DisqualifiedView })
  disqualify(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: DisqualifyDto,
  ): Promise<DisqualifiedView> {
    return this.scoring.disqualify(ctx, actor, id, dto);
  }
}
