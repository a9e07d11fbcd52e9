import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor, CommandContext } from '../../common/auth/actor';
import { Ctx, CurrentActor, RequirePermission } from '../../common/auth/decorators';
import { ParseIdPipe } from '../../common/http/id-param.pipe';
import { DrawView, RankingView } from './dto/ranking.dto';
import { RankingService } from './ranking.service';

/** Evaluation (domain.md §6): the lock of the scores, the ranking and the draw. */
@ApiTags('Évaluation')
@ApiBearerAuth()
@Controller()
export class RankingController {
  constructor(private readonly ranking: RankingService) {}

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
