import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SYSTEM_CONTEXT } from '../../common/auth/actor';
import { CommandRunner } from '../../common/command/command-runner.service';
import type { I18nText } from '../../common/util/i18n-text';
import { closingRecipients, opportunityMailData } from '../opportunity-recipients';
import { NotificationsService } from '../../notifications/notifications.service';

/** Due opportunities looked at per query; a sweep goes on until none is left. */
const BATCH = 100;

export const CLOSE_AUDIT_ACTION = 'opportunities.close';

/** Thrown inside the command when another worker already closed the row: rolls back nothing. */
class AlreadyClosed extends Error {}

interface ClosedRow {
  id: string;
  reference: string;
  title: I18nText;
  public_body_id: string;
  proposal_deadline: Date;
  closed_at: Date;
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
        const result = await scope.em.query(
          `UPDATE opportunity SET status = 'EVALUATION', closed_at = now(), updated_at = now()
            WHERE id = $1 AND status = 'PUBLISHED' AND proposal_deadline <= now()
            RETURNING id, reference, title, public_body_id, proposal_deadline, closed_at`,
          [id],
        );
        // node-postgres returns UPDATE … RETURNING as [rows, count] through TypeORM.
        const rows = (Array.isArray(result[0]) ? result[0] : result) as ClosedRow[];
        const row = rows[0];
        if (!row) throw new AlreadyClosed();

        // Same transaction, after the conditional update above: exactly once (domain.md §5).
        await scope.em.query(
          `UPDATE proposal SET status = 'UNDER_EVALUATION', updated_at = now() WHERE opportunity_id = $1 AND status = 'SUBMITTED'`,
          [row.id],
        );
        scope.audit({
          action: CLOSE_AUDIT_ACTION,
          entityType: 'opportunity',
          entityId: row.id,
          data: {
            reference: row.reference,
            from: 'PUBLISHED',
            to: 'EVALUATION',
            proposalDeadline: row.proposal_deadline.toISOString(),
            closedAt: row.closed_at.toISOString(),
          },
        });
        // The committee (secretary and evaluators) and the owning body's buyers are told.
        await this.notifications.queue(scope, {
          template: 'opportunity-closed',
          recipients: await closingRecipients(scope.em, row.id, row.public_body_id),
          entityType: 'opportunity',
          entityId: row.id,
          data: opportunityMailData(
            { id: row.id, reference: row.reference, title: row.title, proposalDeadline: row.proposal_deadline },
            { closedAt: row.closed_at.toISOString() },
          ),
          eventKey: `opportunity-closed:${row.id}`,
        });
        return true;
      });
    } catch (e) {
      if (e instanceof AlreadyClosed) return false;
      throw e;
    }
  }
}
