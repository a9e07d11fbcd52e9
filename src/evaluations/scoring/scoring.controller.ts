import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor, CommandContext } from '../../common/auth/actor';
import { Ctx, CurrentActor, RequirePermission } from '../../common/auth/decorators';
import { ParseIdPipe } from '../../common/http/id-param.pipe';
import {
  DisqualifiedView,
  DisqualifyDto,
  DrawView,
  QualityScoreView,
  RankingView,
  RecordConsensusDto,
  ScoresView,
  SubmitScoresDto,
} from './dto/scoring.dto';
import { RankingService } from './ranking.service';
import { ScoringService } from './scoring.service';

/** Evaluation (domain.md §6): individual and consensus scores, lock, ranking and draw. */
@ApiTags('Évaluation')
@ApiBearerAuth()
@Controller()
export class ScoringController {
  constructor(
    private readonly scoring: ScoringService,
    private readonly ranking: RankingService,
  ) {}

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

  @Post('opportunities/:id/evaluation/lock')
  @HttpCode(200)
  @RequirePermission('evaluation:manage')
  @ApiOperation({
    summary: 'Verrouiller les notes (secrétaire)',
    description:
      'Exige un consensus pour chaque proposition en évaluation (409 CONSENSUS_MISSING avec leurs identifiants). Calcule l’acceptabilité, les prix ajustés et le classement.',
  })
  @ApiOkResponse({ type: RankingView })
  lock(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<RankingView> {
    return this.ranking.lock(ctx, actor, id);
  }

  @Get('opportunities/:id/ranking')
  @RequirePermission('evaluation:read')
  @ApiOperation({
    summary: 'Classement (après le verrouillage)',
    description:
      'Comité (déclaration signée, non récusé), acheteurs de l’organisme, vérificateurs, administrateurs ; 404 avant le verrouillage.',
  })
  @ApiOkResponse({ type: RankingView })
  getRanking(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string): Promise<RankingView> {
    return this.ranking.get(actor, id);
  }

  @Post('opportunities/:id/draw')
  @HttpCode(200)
  @RequirePermission('evaluation:manage')
  @ApiOperation({
    summary: 'Tirage au sort en cas d’égalité au premier rang (secrétaire)',
    description: 'Une seule fois (409 CONFLICT ensuite) ; sans égalité : 409 AWARD_NOT_ALLOWED.',
  })
  @ApiOkResponse({ type: DrawView })
  draw(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<DrawView> {
    return this.ranking.draw(ctx, actor, id);
  }
}
