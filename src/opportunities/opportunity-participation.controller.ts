import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
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
import { PageQuery, Page } from '../common/util/pagination';
import {
  AnswerQuestionDto,
  AskQuestionDto,
  CreateAddendumDto,
  InviteVendorsDto,
  NotificationPreferencesDto,
} from './dto/opportunity-commands.dto';
import {
  AddendumCreatedView,
  InvitationsView,
  NotificationPreferencesView,
  QuestionPage,
  QuestionView,
  SubscriptionView,
} from './dto/opportunity.view';
import { OpportunityAddendaService } from './opportunity-addenda.service';
import { OpportunityParticipationService } from './opportunity-participation.service';
import { OpportunityQuestionsService } from './opportunity-questions.service';
import { OpportunityReadsService } from './opportunity-reads.service';

/** During the call: addenda, questions and answers, invitations, subscriptions. */
@ApiTags('Opportunités')
@ApiBearerAuth()
@Controller()
export class OpportunityParticipationController {
  constructor(
    private readonly addenda: OpportunityAddendaService,
    private readonly questions: OpportunityQuestionsService,
    private readonly participation: OpportunityParticipationService,
    private readonly reads: OpportunityReadsService,
  ) {}

  @Post('opportunities/:id/addenda')
  @RequirePermission('opportunities:manage')
  @ApiOperation({
    summary: 'Publier un addenda (acheteurs de l’organisme)',
    description:
      'Seulement pendant l’appel (PUBLISHED, avant la date limite ; sinon 409 DEADLINE_PASSED ou INVALID_TRANSITION). La date limite ne peut ' +
      'qu’être reportée (422 DEADLINE_CANNOT_SHRINK) ; un addenda qui touche le prix alors qu’il reste moins de ADDENDUM_MIN_DAYS jours reporte ' +
      'la date limite à exactement maintenant + ADDENDUM_MIN_DAYS jours. Les abonnés sont avisés par courriel.',
  })
  @ApiCreatedResponse({ type: AddendumCreatedView })
  addAddendum(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: CreateAddendumDto,
  ): Promise<AddendumCreatedView> {
    return this.addenda.add(ctx, actor, id, dto);
  }

  @Get('opportunities/:id/questions')
  @Public()
  @ApiOperation({
    summary: 'Questions d’une opportunité',
    description:
      'Les questions répondues, pour quiconque voit l’opportunité ; les acheteurs de l’organisme, les administrateurs et les vérificateurs voient aussi ' +
      'les questions sans réponse, et un fournisseur les siennes. L’identité de qui a posé une question n’est jamais indiquée.',
  })
  @ApiOkResponse({ type: QuestionPage })
  listQuestions(
    @CurrentActor() actor: Actor | undefined,
    @Param('id', ParseIdPipe) id: string,
    @Query() query: PageQuery,
  ): Promise<Page<QuestionView>> {
    return this.reads.questions(actor, id, query);
  }

  @Post('opportunities/:id/questions')
  @RequirePermission('opportunities:ask')
  @ApiOperation({
    summary: 'Poser une question (fournisseurs)',
    description:
      'Jusqu’à la date limite des questions (sinon 409 QUESTIONS_CLOSED), sur une opportunité publiée que le fournisseur peut voir.',
  })
  @ApiCreatedResponse({ type: QuestionView })
  ask(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: AskQuestionDto,
  ): Promise<QuestionView> {
    return this.questions.ask(ctx, actor, id, dto.question);
  }

  @Post('opportunities/:id/questions/:qid/answer')
  @HttpCode(200)
  @RequirePermission('opportunities:manage')
  @ApiOperation({
    summary: 'Répondre à une question (acheteurs de l’organisme)',
    description:
      'Une seule réponse par question, publiée à tous sans l’identité de qui l’a posée, avant la date limite de dépôt ; les abonnés et l’auteur de la question sont avisés.',
  })
  @ApiOkResponse({ type: QuestionView })
  answer(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Param('qid', ParseIdPipe) qid: string,
    @Body() dto: AnswerQuestionDto,
  ): Promise<QuestionView> {
    return this.questions.answer(ctx, actor, id, qid, dto.answer);
  }

  @Post('opportunities/:id/invitations')
  @RequirePermission('opportunities:manage')
  @ApiOperation({
    summary: 'Inviter des organisations (acheteurs de l’organisme, appel sur invitation)',
    description:
      'Idempotent. Possible jusqu’à la date limite ; une organisation invitée après la publication reçoit aussitôt l’avis de publication. ' +
      'Identifiant inconnu : VALIDATION_FAILED avec le chemin (vendorIds[i]).',
  })
  @ApiCreatedResponse({ type: InvitationsView })
  invite(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: InviteVendorsDto,
  ): Promise<InvitationsView> {
    return this.participation.invite(ctx, actor, id, dto.vendorIds);
  }

  @Post('opportunities/:id/subscriptions')
  @RequirePermission('opportunities:subscribe')
  @ApiOperation({
    summary: 'Suivre une opportunité (fournisseurs)',
    description: 'Idempotent ; avisé des addendas, des réponses et d’une annulation.',
  })
  @ApiCreatedResponse({ type: SubscriptionView })
  subscribe(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<SubscriptionView> {
    return this.participation.subscribe(ctx, actor, id);
  }

  @Delete('opportunities/:id/subscriptions')
  @HttpCode(204)
  @RequirePermission('opportunities:subscribe')
  @ApiOperation({ summary: 'Ne plus suivre une opportunité (fournisseurs)', description: 'Idempotent.' })
  @ApiNoContentResponse()
  unsubscribe(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<void> {
    return this.participation.unsubscribe(ctx, actor, id);
  }

  @Put('me/notification-preferences')
  @RequirePermission('opportunities:subscribe')
  @ApiOperation({
    summary: 'Préférences de courriel (fournisseurs)',
    description: 'newOpportunities : un courriel pour chaque nouvelle opportunité publique.',
  })
  @ApiOkResponse({ type: NotificationPreferencesView })
  setPreferences(
    @Ctx() ctx: CommandContext,
    @CurrentActor() actor: Actor,
    @Body() dto: NotificationPreferencesDto,
  ): Promise<NotificationPreferencesView> {
    return this.participation.setPreferences(ctx, actor, dto.newOpportunities);
  }
}
