import { Injectable } from '@nestjs/common';
import { Actor, CommandContext } from '../common/auth/actor';
import { CommandRunner } from '../common/command/command-runner.service';
import { DomainError, validationFailed } from '../common/errors/domain-error';
import { User } from '../users/entities/user.entity';
import { InvitationsView, NotificationPreferencesView, SubscriptionView } from './dto/opportunity.view';
import { OpportunitySubscription } from './entities/opportunity-subscription.entity';
import { OpportunityStatus } from './entities/opportunity.entity';
import { lockVisibleOpportunity, requireOwningBuyer } from './opportunity-locks';
import { OpportunityReadsService } from './opportunity-reads.service';
import { opportunityMailData, publicationRecipients } from './opportunity-recipients';
import { NotificationsService } from '../notifications/notifications.service';

/** States in which the owning buyer may still invite organizations. */
const INVITING_STATES: readonly OpportunityStatus[] = ['DRAFT', 'UNDER_REVIEW', 'PUBLISHED'];

/**
 * Who takes part: invitations (invitation mode), vendor subscriptions to one opportunity,
 * and the vendor's wish to hear of every new public opportunity.
 */
@Injectable()
export class OpportunityParticipationService {
  constructor(
    private readonly commands: CommandRunner,
    private readonly reads: OpportunityReadsService,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * The owning buyer invites vendor organizations (idempotent). Allowed until the deadline;
   * organizations invited after publication get the publication e-mail at once.
   */
  invite(ctx: CommandContext, actor: Actor, id: string, vendorIds: readonly string[]): Promise<InvitationsView> {
    return this.commands.run(ctx, async (scope) => {
      const { opportunity: o, status } = await lockVisibleOpportunity(scope.em, actor, id);
      requireOwningBuyer(actor, o);
      if (o.procurementMode !== 'invitation') {
        throw new DomainError('CONFLICT', 'Seul un appel sur invitation accepte des invitations.', {
          procurementMode: o.procurementMode,
        });
      }
      if (!INVITING_STATES.includes(status)) {
        throw new DomainError('INVALID_TRANSITION', 'Les invitations ne sont plus possibles dans cet état.', {
          from: status,
        });
      }
      const ids = [...new Set(vendorIds.map((v) => v.toLowerCase()))];
      const known = new Set(
        (
          await scope.em.query<{ id: string }[]>(`SELECT id FROM vendor_organization WHERE id = ANY($1::uuid[])`, [ids])
        ).map((r) => r.id),
      );
      const unknown = vendorIds.map((v, i) => ({ v: v.toLowerCase(), i })).filter(({ v }) => !known.has(v));
      if (unknown.length > 0) {
        throw validationFailed(
          unknown.map(({ i }) => ({ path: `vendorIds[${i}]`, message: 'organisation fournisseur inconnue' })),
        );
      }
      const inserted = await scope.em.query<{ vendor_id: string }[]>(
        `INSERT INTO opportunity_invitation (opportunity_id, vendor_id, invited_by_id)
         SELECT $1, v, $2 FROM unnest($3::uuid[]) AS v
         ON CONFLICT DO NOTHING RETURNING vendor_id`,
        [id, actor.id, ids],
      );
      const newlyInvited = inserted.map((r) => r.vendor_id);
      let notified = 0;
      if (status === 'PUBLISHED' && newlyInvited.length > 0) {
        notified = await this.notifications.queue(scope, {
          template: 'opportunity-published',
          recipients: await publicationRecipients(scope.em, o, newlyInvited),
          entityType: 'opportunity',
          entityId: id,
          data: opportunityMailData(o, { summary: o.summary, publishedAt: o.publishedAt?.toISOString() ?? null }),
          eventKey: `opportunity-published:${id}`,
        });
      }
      scope.audit({
        action: 'opportunities.invite',
        entityType: 'opportunity',
        entityId: id,
        data: { vendorIds: ids, newlyInvited, notified },
      });
      return { opportunityId: id, invitedVendors: await this.reads.invitedVendors(scope.em, id) };
    });
  }

  /** A vendor who can see the opportunity follows it (addenda, answers, cancellation). */
  subscribe(ctx: CommandContext, actor: Actor, id: string): Promise<SubscriptionView> {
    return this.commands.run(ctx, async (scope) => {
      await lockVisibleOpportunity(scope.em, actor, id);
      const inserted = await scope.em.query<{ created_at: Date }[]>(
        `INSERT INTO opportunity_subscription (opportunity_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING created_at`,
        [id, actor.id],
      );
      const existing = await scope.em
        .getRepository(OpportunitySubscription)
        .findOneByOrFail({ opportunityId: id, userId: actor.id });
      scope.audit({
        action: 'opportunities.subscribe',
        entityType: 'opportunity',
        entityId: id,
        data: { alreadySubscribed: inserted.length === 0 },
      });
      return { opportunityId: id, subscribedAt: existing.createdAt.toISOString() };
    });
  }

  /** Stops following (idempotent). */
  unsubscribe(ctx: CommandContext, actor: Actor, id: string): Promise<void> {
    return this.commands.run(ctx, async (scope) => {
      await lockVisibleOpportunity(scope.em, actor, id);
      const result = await scope.em
        .getRepository(OpportunitySubscription)
        .delete({ opportunityId: id, userId: actor.id });
      scope.audit({
        action: 'opportunities.unsubscribe',
        entityType: 'opportunity',
        entityId: id,
        data: { wasSubscribed: (result.affected ?? 0) > 0 },
      });
    });
  }

  /** A vendor's wish to receive an e-mail for every newly published public opportunity. */
  setPreferences(ctx: CommandContext, actor: Actor, newOpportunities: boolean): Promise<NotificationPreferencesView> {
    return this.commands.run(ctx, async (scope) => {
      await scope.em.getRepository(User).update({ id: actor.id }, { notifyNewOpportunities: newOpportunities });
      scope.audit({
        action: 'users.notification-preferences',
        entityType: 'user',
        entityId: actor.id,
        data: { newOpportunities },
      });
      return { newOpportunities };
    });
  }
}
