import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SYSTEM_CONTEXT } from '../../common/auth/actor';
import { CommandRunner, CommandScope } from '../../common/command/command-runner.service';
import { DB_NOW } from '../../common/command/transition-sql';
import { moveProposals } from '../../proposals/proposal-transitions';
import { transitionOpportunity } from '../opportunity-transitions';
import type { I18nText } from '../../common/util/i18n-text';
import { closingRecipients, opportunityMailData } from '../opportunity-recipients';
import { NotificationsService } from '../../notifications/notifications.service';

/** Due opportunities looked at per query; a sweep goes on until none is left. */
const BATCH = 100;

export const CLOSE_AUDIT_ACTION = 'opportunities.close';

/** Thrown inside the command when another worker already closed the row: rolls back nothing. */
class AlreadyClosed extends Error {}

interface DueRow {
  id: string;
  ocid: string;
  reference: string;
  title: I18nText;
  public_body_id: string;
  proposal_deadline: Date;
  now: Date;
}

/**
 * Materialises PUBLISHED → EVALUATION once the proposal deadline has passed (domain.md §4.1).
 * Reads never wait for this (they compute the effective status); this writes the state and
 * its side effects exactly once, whatever the number of workers sweeping at the same time:
 * the conditional UPDATE lets one transaction change the row; the others, blocked on the
 * row lock, re-check the condition after its commit and change nothing.
 */
@Injectable()
export class OpportunityClosingService {
  private readonly logger = new Logger('OpportunityClosing');

  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: CommandRunner,
    private readonly notifications: NotificationsService,
  ) {}

  /** Closes every due opportunity, each in its own transaction; returns how many this call closed. */
  async closeDue(): Promise<number> {
    let closed = 0;
    const failed: string[] = [];
    for (;;) {
      const due = await this.dataSource.query<{ id: string }[]>(
        `SELECT id FROM opportunity
          WHERE status = 'PUBLISHED' AND proposal_deadline <= now() AND NOT (id = ANY($2::uuid[]))
          ORDER BY proposal_deadline, id
          LIMIT $1`,
        [BATCH, failed],
      );
      for (const { id } of due) {
        try {
          if (await this.close(id)) closed += 1;
        } catch (e) {
          // One broken row must not hold back the others; the next sweep tries it again.
          failed.push(id);
          this.logger.error(`Fermeture de l’opportunité ${id} impossible : ${(e as Error).message}`);
        }
      }
      if (due.length < BATCH) break;
    }
    if (closed > 0) this.logger.log(`${closed} opportunité(s) fermée(s) à la date limite`);
    return closed;
  }

  /** Closes one opportunity if it is still PUBLISHED and due; false when there was nothing to do. */
  async close(id: string): Promise<boolean> {
    try {
      return await this.commands.run(SYSTEM_CONTEXT, async (scope) => {
        if (!(await this.closeInScope(scope, id))) throw new AlreadyClosed();
        return true;
      });
    } catch (e) {
      if (e instanceof AlreadyClosed) return false;
      throw e;
    }
  }

  /**
   * The closing itself, in the caller's transaction: if the opportunity is still PUBLISHED and
   * its deadline has passed (database clock), it becomes EVALUATION, its submitted proposals
   * UNDER_EVALUATION, and the committee is told. Commands acting on a closed opportunity call
   * this first, so they never wait for the sweep (domain.md §4.1). The row lock makes it exactly
   * once: a second caller blocked on it re-reads the row after the first commits and finds it
   * no longer PUBLISHED. Returns whether this call closed it.
   */
  async closeInScope(scope: CommandScope, id: string): Promise<boolean> {
    const [row] = await scope.em.query<DueRow[]>(
      `SELECT id, ocid, reference, title, public_body_id, proposal_deadline, date_trunc('milliseconds', now()) AS now
         FROM opportunity WHERE id = $1 AND status = 'PUBLISHED' AND proposal_deadline <= now()
        FOR UPDATE`,
      [id],
    );
    if (!row) return false;
    await transitionOpportunity(scope, { id: row.id, ocid: row.ocid, status: 'PUBLISHED' }, 'EVALUATION', {
      action: CLOSE_AUDIT_ACTION,
      set: { closed_at: DB_NOW },
      data: {
        reference: row.reference,
        proposalDeadline: row.proposal_deadline.toISOString(),
        closedAt: new Date(row.now).toISOString(),
      },
      tags: ['tenderUpdate'],
      bySystem: true,
    });
    // Same transaction, after the transition above: exactly once (domain.md §5).
    await moveProposals(scope, {
      opportunityId: row.id,
      ocid: row.ocid,
      from: ['SUBMITTED'],
      to: 'UNDER_EVALUATION',
      action: 'proposals.under-evaluation',
      tags: ['tenderUpdate'],
      bySystem: true,
    });
    // The committee (secretary and evaluators) and the owning body's buyers are told.
    await this.notifications.queue(scope, {
      template: 'opportunity-closed',
      recipients: await closingRecipients(scope.em, row.id, row.public_body_id),
      entityType: 'opportunity',
      entityId: row.id,
      data: opportunityMailData(
        { id: row.id, reference: row.reference, title: row.title, proposalDeadline: row.proposal_deadline },
        { closedAt: new Date(row.now).toISOString() },
      ),
      eventKey: `opportunity-closed:${row.id}`,
    });
    return true;
  }
}
