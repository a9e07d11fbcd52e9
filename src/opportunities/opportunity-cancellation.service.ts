import { Injectable } from '@nestjs/common';
import { Actor, CommandContext } from '../common/auth/actor';
import { CommandRunner } from '../common/command/command-runner.service';
import { NotificationsService } from '../notifications/notifications.service';
import { OpportunityView } from './dto/opportunity.view';
import { assertTransition } from './opportunities.rules';
import { lockVisibleOpportunity, requireOwningBuyer } from './opportunity-locks';
import { OpportunityReadsService } from './opportunity-reads.service';
import { transitionOpportunity } from './opportunity-transitions';
import { opportunityMailData, subscriberRecipients } from './opportunity-recipients';

/**
 * Cancellation (UNDER_REVIEW, PUBLISHED or EVALUATION → CANCELLED), by an admin or an owning
 * buyer, with a public reason. "EVALUATION" is the effective status: a published opportunity
 * past its deadline may be cancelled before the closing job has run.
 */
@Injectable()
export class OpportunityCancellationService {
  constructor(
    private readonly commands: CommandRunner,
    private readonly reads: OpportunityReadsService,
    private readonly notifications: NotificationsService,
  ) {}

  cancel(ctx: CommandContext, actor: Actor, id: string, reason: string): Promise<OpportunityView> {
    return this.commands.run(ctx, async (scope) => {
      const { opportunity: o, status, now } = await lockVisibleOpportunity(scope.em, actor, id);
      if (actor.role !== 'admin') requireOwningBuyer(actor, o);
      assertTransition(status, 'CANCELLED');

      // Subscribers and vendors holding a draft or submitted proposal are told.
      const queued = await this.notifications.queue(scope, {
        template: 'opportunity-cancelled',
        recipients: await subscriberRecipients(scope.em, id),
        entityType: 'opportunity',
        entityId: id,
        data: opportunityMailData(o, { reason, cancelledAt: now.toISOString() }),
        eventKey: `opportunity-cancelled:${id}`,
      });
      await transitionOpportunity(scope, { ...o, status }, 'CANCELLED', {
        action: 'opportunities.cancel',
        set: { cancellation_reason: reason, cancelled_at: now },
        data: { reason, notified: queued },
        tags: ['tenderCancellation'],
      });
      return this.reads.view(scope.em, actor, id);
    });
  }
}
