import { Injectable } from '@nestjs/common';
import { i18nText } from '../common/util/i18n-text';
import { Actor, CommandContext } from '../common/auth/actor';
import { CommandRunner } from '../common/command/command-runner.service';
import { DomainError } from '../common/errors/domain-error';
import { NotificationsService } from '../notifications/notifications.service';
import { QuestionView, toQuestionView } from './dto/opportunity.view';
import { OpportunityQuestion } from './entities/opportunity-question.entity';
import { assertDuringCall, assertQuestionsOpen } from './opportunities.rules';
import { lockVisibleOpportunity, requireOwningBuyer } from './opportunity-locks';
import { opportunityMailData, subscriberRecipients, userRecipient } from './opportunity-recipients';

/**
 * Questions and answers (O11). Vendors ask while the questions period is open; the owning
 * buyer answers until the proposal deadline; answers are public and never name the asker.
 */
@Injectable()
export class OpportunityQuestionsService {
  constructor(
    private readonly commands: CommandRunner,
    private readonly notifications: NotificationsService,
  ) {}

  /** A vendor who can see the opportunity asks, before `questionsDeadline` (database clock). */
  ask(ctx: CommandContext, actor: Actor, id: string, question: string): Promise<QuestionView> {
    return this.commands.run(ctx, async (scope) => {
      const { opportunity: o, status, now } = await lockVisibleOpportunity(scope.em, actor, id);
      assertQuestionsOpen(status, o.questionsDeadline, now);
      const repo = scope.em.getRepository(OpportunityQuestion);
      const saved = await repo.save(repo.create({ opportunityId: id, askedById: actor.id, question, askedAt: now }));
      scope.audit({
        action: 'opportunities.questions.ask',
        entityType: 'opportunity',
        entityId: id,
        data: { questionId: saved.id, question },
      });
      return toQuestionView(saved);
    });
  }

  /**
   * The owning buyer answers once, while the opportunity is still open for proposals (an
   * answer after the deadline could not help anyone); a correction is an addendum.
   */
  answer(
    ctx: CommandContext,
    actor: Actor,
    id: string,
    questionId: string,
    answer: { fr: string; en?: string | null },
  ): Promise<QuestionView> {
    return this.commands.run(ctx, async (scope) => {
      const { opportunity: o, status, now } = await lockVisibleOpportunity(scope.em, actor, id);
      requireOwningBuyer(actor, o);
      const repo = scope.em.getRepository(OpportunityQuestion);
      const question = await repo.findOneBy({ id: questionId, opportunityId: id });
      if (!question) throw DomainError.notFound('opportunity_question');
      assertDuringCall(status, o.proposalDeadline, {
        deadlinePassed: 'La date limite est passée : les réponses ne sont plus publiées.',
        notPublished: 'On ne répond aux questions que pendant l’appel (état PUBLISHED).',
      });
      if (question.answer) {
        throw new DomainError(
          'CONFLICT',
          'Cette question a déjà reçu une réponse ; une correction passe par un addenda.',
          { questionId },
        );
      }
      question.answer = i18nText(answer);
      question.answeredById = actor.id;
      question.answeredAt = now;
      await repo.save(question);

      // Subscribers, vendors holding a draft or submitted proposal, and the asker (who learns
      // nothing about other askers: one e-mail each).
      const recipients = [
        ...(await subscriberRecipients(scope.em, id)),
        ...(await userRecipient(scope.em, id, question.askedById)),
      ];
      const queued = await this.notifications.queue(scope, {
        template: 'opportunity-answer',
        recipients,
        entityType: 'opportunity',
        entityId: id,
        data: opportunityMailData(o, { questionId, question: question.question, answer: question.answer }),
        eventKey: `opportunity-answer:${questionId}`,
      });
      scope.audit({
        action: 'opportunities.questions.answer',
        entityType: 'opportunity',
        entityId: id,
        data: { questionId, answer: question.answer, notified: queued },
      });
      return toQuestionView(question);
    });
  }
}
