import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../../common/access/access.service';
import type { Actor, CommandContext } from '../../common/auth/actor';
import { CommandRunner } from '../../common/command/command-runner.service';
import { DomainError } from '../../common/errors/domain-error';
import { EvaluationLock } from '../evaluation-lock';
import type { RuleSettings } from '../../opportunities/opportunity-rule-settings';
import { NotificationsService } from '../../notifications/notifications.service';
import { findVisibleOpportunity, isStaffReader, requireOwningBuyer } from '../../opportunities/opportunity-locks';
import { accountRecipients, opportunityMailData } from '../../opportunities/opportunity-recipients';
import { CandidateAccount, committeeChangeAllowed, committeeViolations, isEvaluationBlocked } from './committee.rules';
import { committeeRows } from './committee-queries';
import { CommitteeView, ReplaceCommitteeDto } from './dto/committee.dto';
import type { CommitteeRole } from './entities/committee-member.entity';

/**
 * The selection committee of an opportunity (domain.md §6): its composition, set and
 * replaced as a whole by an owning buyer, and read by those who work with it.
 */
@Injectable()
export class CommitteeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: CommandRunner,
    private readonly notifications: NotificationsService,
    private readonly evaluation: EvaluationLock,
    private readonly access: AccessService,
  ) {}

  replace(ctx: CommandContext, actor: Actor, id: string, dto: ReplaceCommitteeDto): Promise<CommitteeView> {
    return this.commands.run(ctx, async (scope) => {
      const em = scope.em;
      const { opportunity: o, status, now, rules } = await this.evaluation.lockForEvaluation(scope, actor, id);
      requireOwningBuyer(actor, o);
      if (!committeeChangeAllowed(status)) {
        throw new DomainError(
          'INVALID_TRANSITION',
          'La composition du comité ne peut plus changer : l’opportunité est terminée.',
        );
      }
      // Once a first individual score exists the composition is frozen (domain.md §6). Scoring
      // locks the same opportunity row FOR UPDATE, so the two take turns.
      const scored = await em.query<unknown[]>(
        `SELECT 1 FROM individual_score s JOIN proposal p ON p.id = s.proposal_id WHERE p.opportunity_id = $1 LIMIT 1`,
        [id],
      );
      if (scored.length > 0) throw new DomainError('COMMITTEE_FROZEN');

      const accounts = await this.candidates(em, [dto.secretaryId, ...dto.evaluatorIds]);
      const violations = committeeViolations(dto, accounts, {
        owningPublicBodyId: o.publicBodyId,
        minEvaluators: rules.committeeMinEvaluators,
        requireExternal: rules.committeeRequireExternal,
      });
      if (violations.length > 0) throw new DomainError('INVALID_COMMITTEE', undefined, { violations });

      const before = await committeeRows(em, id);
      const after: Array<{ userId: string; role: CommitteeRole }> = [
        { userId: dto.secretaryId, role: 'secretary' },
        ...[...new Set(dto.evaluatorIds)].map((userId) => ({ userId, role: 'evaluator' as const })),
      ];
      await em.query(`DELETE FROM committee_member WHERE opportunity_id = $1 AND NOT (user_id = ANY($2::uuid[]))`, [
        id,
        after.map((m) => m.userId),
      ]);
      // A member who keeps the same role keeps their appointment; a new role is a new appointment.
      await em.query(
        `INSERT INTO committee_member (opportunity_id, user_id, role, appointed_by_id)
         SELECT $1, m.user_id, m.role, $4 FROM unnest($2::uuid[], $3::text[]) AS m(user_id, role)
         ON CONFLICT (opportunity_id, user_id) DO UPDATE
           SET role = EXCLUDED.role, appointed_at = now(), appointed_by_id = EXCLUDED.appointed_by_id
           WHERE committee_member.role <> EXCLUDED.role`,
        [id, after.map((m) => m.userId), after.map((m) => m.role), actor.id],
      );

      const previous = new Set(before.map((m) => m.user_id));
      const appointed = after.filter((m) => !previous.has(m.userId));
      let notified = 0;
      for (const member of appointed) {
        notified += await this.notifications.queue(scope, {
          template: 'committee-appointed',
          recipients: await accountRecipients(em, [member.userId]),
          entityType: 'opportunity',
          entityId: id,
          data: opportunityMailData(o, { role: member.role }),
          // One e-mail per appointment: re-appointed later, the person hears of it again.
          eventKey: `committee-appointed:${id}:${now.toISOString()}`,
        });
      }
      scope.audit({
        action: 'committee.replace',
        entityType: 'opportunity',
        entityId: id,
        data: {
          before: before.map((m) => ({ userId: m.user_id, role: m.role })),
          after,
          appointed: appointed.map((m) => m.userId),
          notified,
        },
      });
      return this.view(em, actor, id, rules);
    });
  }

  /** Owning buyers, committee members, admins and auditors; others who see the opportunity: FORBIDDEN. */
  async get(actor: Actor, id: string): Promise<CommitteeView> {
    const em = this.dataSource.manager;
    const { opportunity } = await findVisibleOpportunity(em, actor, id);
    const rules = this.evaluation.rulesOf(opportunity);
    if (!isStaffReader(actor, opportunity)) {
      const member = await em.query<unknown[]>(
        `SELECT 1 FROM committee_member WHERE opportunity_id = $1 AND user_id = $2`,
        [id, actor.id],
      );
      if (member.length === 0)
        throw DomainError.forbidden(
          'Seuls les acheteurs de l’organisme, les membres du comité, les administrateurs et les vérificateurs consultent le comité.',
        );
    }
    return this.view(em, actor, id, rules);
  }

  /**
   * The committee as `actor` reads it. After the deadline the `recused` flags and
   * `evaluationBlocked` tell which vendors bid (a member of a bidding vendor, or one who declared
   * a conflict with it, is recused): they are null for readers the sealed-bid table gives only
   * the number (docs/sealed-bids.md, "Recusal"). The secretary in standing sees them and may
   * complete the committee.
   */
  async view(em: EntityManager, actor: Actor, id: string, rules: RuleSettings): Promise<CommitteeView> {
    const rows = await committeeRows(em, id);
    const knows = await this.access.knowsWhoBid(em, actor, id);
    const secretary = rows.find((r) => r.role === 'secretary');
    const evaluators = rows.filter((r) => r.role === 'evaluator');
    const remaining = evaluators.filter((r) => !r.recused).length;
    return {
      opportunityId: id,
      secretaryId: secretary?.user_id ?? null,
      secretaryName: secretary?.name ?? null,
      evaluators: evaluators.map((r) => ({
        id: r.user_id,
        name: r.name,
        signed: r.signed,
        recused: knows ? r.recused : null,
      })),
      evaluationBlocked: knows ? isEvaluationBlocked(remaining, rules.committeeMinEvaluators) : null,
      minEvaluators: rules.committeeMinEvaluators,
    };
  }

  private async candidates(em: EntityManager, ids: string[]): Promise<Map<string, CandidateAccount>> {
    // Nothing here depends on proposals: a member of a bidding vendor is recused at the closing.
    const rows = await em.query<{ id: string; role: string; active: boolean; public_body_id: string | null }[]>(
      `SELECT u.id, u.role, u.active, u.public_body_id FROM app_user u WHERE u.id = ANY($1::uuid[])`,
      [[...new Set(ids)]],
    );
    return new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          role: r.role,
          active: r.active,
          publicBodyId: r.public_body_id,
        },
      ]),
    );
  }
}
