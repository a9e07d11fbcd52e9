import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, CommandContext } from '../common/auth/actor';
import { CommandRunner } from '../common/command/command-runner.service';
import { DomainError } from '../common/errors/domain-error';
import { AppConfig } from '../config/app-config';
import { NotificationsService } from '../notifications/notifications.service';
import { OpportunityView } from './dto/opportunity.view';
import { OpportunityCriterion } from './entities/opportunity-criterion.entity';
import { OpportunityInvitation } from './entities/opportunity-invitation.entity';
import { Opportunity } from './entities/opportunity.entity';
import {
  assertComplete,
  assertCriteria,
  assertEstimatedValue,
  assertK,
  assertLicense,
  assertTenderPeriod,
  assertTransition,
  complaintDeadline,
  isPossibleSplitting,
  questionsDeadline,
  splittingWindowStart,
} from './opportunities.rules';
import { assertForgePath } from './forge-path.rules';
import { lockVisibleOpportunity, requireOwningBuyer } from './opportunity-locks';
import { configuredRuleSettings, frozenRuleColumns } from './opportunity-rule-settings';
import { transitionOpportunity } from './opportunity-transitions';
import { OpportunityReadsService } from './opportunity-reads.service';
import { opportunityMailData, publicationRecipients } from './opportunity-recipients';

/** What the anti-splitting check found (O8). */
interface SplittingCheck {
  publishedInWindowCents: number;
  references: string[];
  windowStart: string;
  suspected: boolean;
}

/**
 * The review cycle: the owning buyer submits, an admin returns the draft with a comment or
 * publishes it. Every command locks the row, reads the database clock and checks the state
 * graph before anything else.
 */
@Injectable()
export class OpportunityPublicationService {
  constructor(
    private readonly commands: CommandRunner,
    private readonly config: AppConfig,
    private readonly reads: OpportunityReadsService,
    private readonly notifications: NotificationsService,
  ) {}

  /** DRAFT → UNDER_REVIEW. The content rules are checked now, so the review is not wasted. */
  submitForReview(ctx: CommandContext, actor: Actor, id: string): Promise<OpportunityView> {
    return this.commands.run(ctx, async (scope) => {
      const { opportunity: o, status } = await lockVisibleOpportunity(scope.em, actor, id);
      requireOwningBuyer(actor, o);
      assertTransition(status, 'UNDER_REVIEW');
      await this.assertContentRules(scope.em, o);
      await transitionOpportunity(scope, { ...o, status }, 'UNDER_REVIEW', {
        action: 'opportunities.submit-for-review',
        tags: [],
      });
      return this.reads.view(scope.em, actor, id);
    });
  }

  /** UNDER_REVIEW → DRAFT, by an admin, with a comment kept on the opportunity. */
  returnToDraft(ctx: CommandContext, actor: Actor, id: string, comment: string): Promise<OpportunityView> {
    return this.commands.run(ctx, async (scope) => {
      const { opportunity: o, status } = await lockVisibleOpportunity(scope.em, actor, id);
      await transitionOpportunity(scope, { ...o, status }, 'DRAFT', {
        action: 'opportunities.return-to-draft',
        data: { comment },
        set: { review_comment: comment },
        tags: [],
      });
      return this.reads.view(scope.em, actor, id);
    });
  }

  /**
   * UNDER_REVIEW → PUBLISHED, by an admin: O1–O6 again (the configuration may have
   * changed since submission), O4 and O8 against the database clock; publishedAt = now(),
   * O7 deadlines computed; the publication e-mails queued in the same transaction.
   */
  publish(
    ctx: CommandContext,
    actor: Actor,
    id: string,
    splittingJustification: string | undefined,
  ): Promise<OpportunityView> {
    return this.commands.run(ctx, async (scope) => {
      const { opportunity: o, status, now } = await lockVisibleOpportunity(scope.em, actor, id);
      assertTransition(status, 'PUBLISHED');
      await this.assertContentRules(scope.em, o);
      const deadline = o.proposalDeadline!; // present: checked by assertContentRules (O5)
      // Frozen on the row below: every later rule of this tender reads these, not the configuration.
      const rules = configuredRuleSettings(this.config);
      assertTenderPeriod(deadline, now, rules.minTenderPeriodDays);

      const splitting = await this.checkSplitting(scope.em, o, now);
      if (splitting.suspected && !splittingJustification) {
        throw new DomainError('POSSIBLE_SPLITTING', undefined, {
          publishedInWindowCents: splitting.publishedInWindowCents,
          estimatedValueCents: o.estimatedValueCents,
          capCents: this.config.PROGRAM_CAP_CENTS,
          windowDays: this.config.SPLITTING_WINDOW_DAYS,
          references: splitting.references,
        });
      }

      const questionsDeadlineAt = questionsDeadline(deadline, rules.questionsCloseHours);
      const complaintDeadlineAt = complaintDeadline(now, deadline);
      const recipients = await publicationRecipients(scope.em, o);
      const queued = await this.notifications.queue(scope, {
        template: 'opportunity-published',
        recipients,
        entityType: 'opportunity',
        entityId: id,
        data: opportunityMailData(o, {
          summary: o.summary,
          publishedAt: now.toISOString(),
          questionsDeadline: questionsDeadlineAt.toISOString(),
        }),
        eventKey: `opportunity-published:${id}`,
      });
      await transitionOpportunity(scope, { ...o, status }, 'PUBLISHED', {
        action: 'opportunities.publish',
        set: {
          published_at: now,
          questions_deadline: questionsDeadlineAt,
          complaint_deadline: complaintDeadlineAt,
          splitting_justification: splittingJustification ?? null,
          ...frozenRuleColumns(rules),
        },
        data: {
          publishedAt: now.toISOString(),
          proposalDeadline: deadline.toISOString(),
          questionsDeadline: questionsDeadlineAt.toISOString(),
          complaintDeadline: complaintDeadlineAt.toISOString(),
          splitting,
          splittingJustification: splittingJustification ?? null,
          notified: queued,
        },
        tags: ['tender'],
      });
      return this.reads.view(scope.em, actor, id);
    });
  }

  /** O1, O2, O3, O6 and O5 on the stored content (everything but the dated rules). */
  private async assertContentRules(em: EntityManager, o: Opportunity): Promise<void> {
    const criteria = await em.getRepository(OpportunityCriterion).find({ where: { opportunityId: o.id } });
    const invitationCount = await em.getRepository(OpportunityInvitation).countBy({ opportunityId: o.id });
    assertEstimatedValue(o.estimatedValueCents, this.config.PROGRAM_CAP_CENTS);
    assertCriteria(criteria);
    assertK(o.evaluationMethod, o.kPercent, true);
    assertLicense(o.license);
    assertComplete({ ...o, invitationCount });
    const [body] = await em.query<{ forge_group_path: string }[]>(
      `SELECT forge_group_path FROM public_body WHERE id = $1`,
      [o.publicBodyId],
    );
    assertForgePath(o.forgeProjectPath, body.forge_group_path);
  }

  /**
   * O8: other opportunities of the same public body for the same forge project (case-
   * insensitive), published in the window and not cancelled or unsuccessful (those never
   * become contracts). An advisory lock per body and project makes two publications of the
   * same project take turns, so neither misses the other.
   */
  private async checkSplitting(em: EntityManager, o: Opportunity, now: Date): Promise<SplittingCheck> {
    const path = (o.forgeProjectPath ?? '').toLowerCase();
    await em.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`opportunity-splitting:${o.publicBodyId}:${path}`]);
    const windowStart = splittingWindowStart(now, this.config.SPLITTING_WINDOW_DAYS);
    const rows = await em.query<{ reference: string; estimated_value_cents: number }[]>(
      `SELECT reference, estimated_value_cents FROM opportunity
        WHERE public_body_id = $1 AND lower(forge_project_path) = $2 AND id <> $3
          AND published_at IS NOT NULL AND published_at >= $4 AND published_at <= $5
          AND status NOT IN ('CANCELLED', 'UNSUCCESSFUL')
        ORDER BY published_at, reference`,
      [o.publicBodyId, path, o.id, windowStart, now],
    );
    const publishedInWindowCents = rows.reduce((sum, r) => sum + Number(r.estimated_value_cents), 0);
    return {
      publishedInWindowCents,
      references: rows.map((r) => r.reference),
      windowStart: windowStart.toISOString(),
      suspected: isPossibleSplitting({
        publishedInWindowCents,
        valueCents: o.estimatedValueCents,
        capCents: this.config.PROGRAM_CAP_CENTS,
      }),
    };
  }
}
