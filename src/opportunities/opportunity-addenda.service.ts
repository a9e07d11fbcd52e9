import { ruleSettingsOf } from './opportunity-rule-settings';
import { Injectable } from '@nestjs/common';
import { i18nText } from '../common/util/i18n-text';
import { Actor, CommandContext } from '../common/auth/actor';
import { CommandRunner } from '../common/command/command-runner.service';
import { AppConfig } from '../config/app-config';
import { NotificationsService } from '../notifications/notifications.service';
import { CreateAddendumDto } from './dto/opportunity-commands.dto';
import { AddendumCreatedView, toAddendumView } from './dto/opportunity.view';
import { OpportunityAddendum } from './entities/opportunity-addendum.entity';
import { Opportunity } from './entities/opportunity.entity';
import { addendumDeadline, assertDuringCall, complaintDeadline, questionsDeadline } from './opportunities.rules';
import { lockVisibleOpportunity, requireOwningBuyer } from './opportunity-locks';
import { opportunityMailData, subscriberRecipients } from './opportunity-recipients';

/**
 * Addenda (O9, O10): the only way to change a published opportunity. Numbered 1, 2, … per
 * opportunity under the row lock; the deadline only moves later; the computed deadlines (O7)
 * follow the new proposal deadline.
 */
@Injectable()
export class OpportunityAddendaService {
  constructor(
    private readonly commands: CommandRunner,
    private readonly config: AppConfig,
    private readonly notifications: NotificationsService,
  ) {}

  add(ctx: CommandContext, actor: Actor, id: string, dto: CreateAddendumDto): Promise<AddendumCreatedView> {
    return this.commands.run(ctx, async (scope) => {
      const { opportunity: o, status, now } = await lockVisibleOpportunity(scope.em, actor, id);
      requireOwningBuyer(actor, o);
      assertDuringCall(status, o.proposalDeadline, {
        deadlinePassed: 'La date limite est passée : plus aucun addenda n’est possible.',
        notPublished: 'Un addenda ne peut être publié que pendant l’appel (état PUBLISHED).',
      });

      const previousDeadline = o.proposalDeadline!;
      const { proposalDeadline, extendedForPrice } = addendumDeadline({
        currentDeadline: previousDeadline,
        requestedDeadline: dto.newProposalDeadline ? new Date(dto.newProposalDeadline) : null,
        affectsPrice: dto.affectsPrice,
        now,
        addendumMinDays: ruleSettingsOf(o, this.config).addendumMinDays,
      });

      const [{ next }] = await scope.em.query<{ next: number }[]>(
        `SELECT coalesce(max(number), 0) + 1 AS next FROM opportunity_addendum WHERE opportunity_id = $1`,
        [id],
      );
      const repo = scope.em.getRepository(OpportunityAddendum);
      const addendum = await repo.save(
        repo.create({
          opportunityId: id,
          number: Number(next),
          body: i18nText(dto.body),
          affectsPrice: dto.affectsPrice,
          previousDeadline,
          proposalDeadline,
          createdById: actor.id,
          publishedAt: now,
        }),
      );

      o.proposalDeadline = proposalDeadline;
      o.questionsDeadline = questionsDeadline(proposalDeadline, ruleSettingsOf(o, this.config).questionsCloseHours);
      o.complaintDeadline = complaintDeadline(o.publishedAt!, proposalDeadline);
      await scope.em.getRepository(Opportunity).save(o);

      // Subscribers and vendors holding a draft or submitted proposal are told (O10).
      const queued = await this.notifications.queue(scope, {
        template: 'opportunity-addendum',
        recipients: await subscriberRecipients(scope.em, id),
        entityType: 'opportunity',
        entityId: id,
        data: opportunityMailData(o, {
          addendumId: addendum.id,
          addendumNumber: addendum.number,
          body: addendum.body,
          affectsPrice: addendum.affectsPrice,
          previousDeadline: previousDeadline.toISOString(),
        }),
        eventKey: `opportunity-addendum:${addendum.id}`,
      });
      scope.audit({
        action: 'opportunities.addendum',
        entityType: 'opportunity',
        entityId: id,
        data: {
          addendumId: addendum.id,
          number: addendum.number,
          body: addendum.body,
          affectsPrice: addendum.affectsPrice,
          requestedDeadline: dto.newProposalDeadline ? new Date(dto.newProposalDeadline).toISOString() : null,
          previousDeadline: previousDeadline.toISOString(),
          proposalDeadline: proposalDeadline.toISOString(),
          extendedForPrice,
          notified: queued,
        },
      });
      // An addendum is not a status change: it has its own OCDS release (docs/open-data.md).
      scope.release(o.ocid, ['tenderAmendment'], 'opportunity', id);
      return {
        ...toAddendumView(addendum),
        questionsDeadline: o.questionsDeadline.toISOString(),
        complaintDeadline: o.complaintDeadline.toISOString(),
      };
    });
  }
}
