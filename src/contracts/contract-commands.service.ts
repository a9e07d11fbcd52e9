import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Actor, CommandContext } from '../common/auth/actor';
import { SYSTEM_CONTEXT } from '../common/auth/actor';
import { CommandRunner, CommandScope } from '../common/command/command-runner.service';
import { DB_NOW } from '../common/command/transition-sql';
import { DomainError } from '../common/errors/domain-error';
import { isUniqueViolation } from '../common/util/pg-errors';
import { AppConfig } from '../config/app-config';
import { NotificationsService } from '../notifications/notifications.service';
import { activeRecipients } from '../notifications/recipients';
import { ContractRecord, requireContract } from '../common/access/contract-access';
import { transitionContract } from './contract-transitions';
import { acceptanceGaps, AMENDABLE, assertStatusIn, checkAmendment, checkPayment } from './contracts.rules';
import { AcceptDto, AmendmentDto, PaymentDto } from './dto/contract-input.dto';
import { AmendmentView, ContractStatusView, PaymentView, PublicationRetryView } from './dto/contract.view';
import type { DeliverableCheck } from './entities/contract-deliverable.entity';
import { CHECK_NAMES } from './checks/run-checks';
import { FORGE_PUBLISH_JOB } from './forge-publication.seam';

export interface PublicationResult {
  projectUrl: string;
  commitSha: string;
  releaseUrl: string;
}

/**
 * The contract's commands (domain.md §7). Each one runs in one transaction, locks the contract
 * row first (amendments, payments and transitions of one contract take turns, so two racing
 * amendments are checked one after the other), checks its rule and writes audit and release.
 */
@Injectable()
export class ContractCommandsService {
  constructor(
    private readonly commands: CommandRunner,
    private readonly config: AppConfig,
    private readonly notifications: NotificationsService,
  ) {}

  amend(ctx: CommandContext, actor: Actor | undefined, id: string, dto: AmendmentDto): Promise<AmendmentView> {
    return this.commands.run(ctx, async (scope) => {
      const c = await this.lockAs(scope, actor, id, 'buyer');
      assertStatusIn(c.status, AMENDABLE, 'Un contrat payé ou résilié ne peut plus être modifié.');
      const [sums] = await scope.em.query<{ amended: string; paid: string; count: number }[]>(
        `SELECT (SELECT coalesce(sum(amount_cents), 0) FROM contract_amendment WHERE contract_id = $1)::bigint AS amended,
                (SELECT coalesce(sum(amount_cents), 0) FROM contract_payment WHERE contract_id = $1)::bigint AS paid,
                (SELECT count(*) FROM contract_amendment WHERE contract_id = $1)::int AS count`,
        [id],
      );
      const { amendedCents, totalCents } = checkAmendment(
        {
          initialAmountCents: c.initialAmountCents,
          amendedCents: Number(sums.amended),
          paidCents: Number(sums.paid),
          maxPercent: this.config.AMENDMENT_MAX_PERCENT,
          programCapCents: this.config.PROGRAM_CAP_CENTS,
        },
        dto.amountCents,
      );
      const number = Number(sums.count) + 1;
      const [row] = await scope.em.query<{ id: string; created_at: Date }[]>(
        `INSERT INTO contract_amendment (contract_id, number, amount_cents, justification, created_by_id)
         VALUES ($1, $2, $3, $4, $5) RETURNING id, created_at`,
        [id, number, dto.amountCents, dto.justification, actor!.id],
      );
      scope.audit({
        action: 'contract.amend',
        entityType: 'contract',
        entityId: id,
        data: {
          amendmentId: row.id,
          number,
          amountCents: dto.amountCents,
          justification: dto.justification,
          amendedCents,
          totalCents,
        },
      });
      scope.release(c.ocid, ['contractAmendment'], 'contract', id);
      return {
        id: row.id,
        number,
        amountCents: dto.amountCents,
        justification: dto.justification,
        createdAt: new Date(row.created_at).toISOString(),
      };
    });
  }

  terminate(ctx: CommandContext, actor: Actor | undefined, id: string, reason: string): Promise<ContractStatusView> {
    return this.commands.run(ctx, async (scope) => {
      const c = await this.lockAs(scope, actor, id, 'buyer');
      await transitionContract(scope, c, 'TERMINATED', {
        action: 'contract.terminate',
        set: { termination_reason: reason, terminated_at: DB_NOW },
        data: { reason },
        tags: ['contract'],
      });
      return { status: c.status };
    });
  }

  /**
   * Acceptance: the deliverable named, every acceptance criterion of the opportunity marked
   * met and every check of that deliverable done and passed, else DELIVERABLE_NOT_ACCEPTABLE
   * listing what is missing. Then ACCEPTED, the forge publication queued (outbox, in this
   * transaction) and the "contract accepted" e-mail to the supplier's members and the owning buyers.
   */
  accept(ctx: CommandContext, actor: Actor | undefined, id: string, dto: AcceptDto): Promise<ContractStatusView> {
    return this.commands.run(ctx, async (scope) => {
      const c = await this.lockAs(scope, actor, id, 'buyer');
      const [d] = await scope.em.query<
        { id: string; sha256: string; check_status: string; checks: DeliverableCheck[] }[]
      >(`SELECT id, sha256, check_status, checks FROM contract_deliverable WHERE id = $1 AND contract_id = $2`, [
        dto.deliverableId.toLowerCase(),
        id,
      ]);
      if (!d) throw DomainError.notFound('deliverable');
      assertStatusIn(c.status, ['DELIVERED'], 'Seul un contrat livré peut être accepté.');
      const gaps = acceptanceGaps(
        c.acceptanceCriteria.length,
        dto.criteria,
        d.check_status === 'DONE' ? d.checks : null,
        CHECK_NAMES,
      );
      if (gaps.criteria.length > 0 || gaps.checks.length > 0) {
        throw new DomainError('DELIVERABLE_NOT_ACCEPTABLE', undefined, {
          deliverableId: d.id,
          checkStatus: d.check_status,
          unmetCriteria: gaps.criteria,
          failedChecks: gaps.checks,
        });
      }
      const criteria = c.acceptanceCriteria.map((_, index) => ({ index, met: true }));
      await transitionContract(scope, c, 'ACCEPTED', {
        action: 'contract.accept',
        set: {
          accepted_deliverable_id: d.id,
          accepted_criteria: JSON.stringify(criteria),
          accepted_at: DB_NOW,
          publication_status: 'PENDING',
        },
        data: { deliverableId: d.id, sha256: d.sha256, criteria },
        tags: ['implementation'],
      });
      scope.enqueue({ name: FORGE_PUBLISH_JOB, payload: { contractId: id }, jobId: `${FORGE_PUBLISH_JOB}:${id}` });
      await this.notifyAccepted(scope, c, d.sha256);
      return { status: c.status };
    });
  }

  pay(ctx: CommandContext, actor: Actor | undefined, id: string, dto: PaymentDto): Promise<PaymentView> {
    return this.commands.run(ctx, async (scope) => {
      const c = await this.lockAs(scope, actor, id, 'buyer');
      assertStatusIn(c.status, ['PUBLISHED'], 'Un paiement suit la publication du code sur la forge.');
      const [sums] = await scope.em.query<{ amended: string; paid: string }[]>(
        `SELECT (SELECT coalesce(sum(amount_cents), 0) FROM contract_amendment WHERE contract_id = $1)::bigint AS amended,
                (SELECT coalesce(sum(amount_cents), 0) FROM contract_payment WHERE contract_id = $1)::bigint AS paid`,
        [id],
      );
      const totalCents = c.initialAmountCents + Number(sums.amended);
      const { fullyPaid } = checkPayment(totalCents, Number(sums.paid), dto.amountCents);
      const [exists] = await scope.em.query(
        `SELECT 1 FROM contract_payment WHERE contract_id = $1 AND invoice_number = $2`,
        [id, dto.invoiceNumber],
      );
      if (exists) throw new DomainError('DUPLICATE_INVOICE', undefined, { invoiceNumber: dto.invoiceNumber });
      let row: { id: string; created_at: Date };
      try {
        [row] = await scope.em.query<{ id: string; created_at: Date }[]>(
          `INSERT INTO contract_payment (contract_id, invoice_number, amount_cents, recorded_by_id)
           VALUES ($1, $2, $3, $4) RETURNING id, created_at`,
          [id, dto.invoiceNumber, dto.amountCents, actor!.id],
        );
      } catch (e) {
        if (isUniqueViolation(e))
          throw new DomainError('DUPLICATE_INVOICE', undefined, { invoiceNumber: dto.invoiceNumber });
        throw e;
      }
      const paidCents = Number(sums.paid) + dto.amountCents;
      scope.audit({
        action: 'contract.payment',
        entityType: 'contract',
        entityId: id,
        data: {
          paymentId: row.id,
          invoiceNumber: dto.invoiceNumber,
          amountCents: dto.amountCents,
          paidCents,
          totalCents,
        },
      });
      scope.release(c.ocid, ['implementation'], 'contract', id);
      if (fullyPaid) {
        await transitionContract(scope, c, 'PAID', {
          action: 'contract.paid',
          set: { paid_at: DB_NOW },
          data: { paidCents, totalCents },
          tags: ['implementation'],
        });
      }
      return {
        id: row.id,
        invoiceNumber: dto.invoiceNumber,
        amountCents: dto.amountCents,
        recordedAt: new Date(row.created_at).toISOString(),
      };
    });
  }

  /**
   * ACCEPTED → PUBLISHED, with what the forge publication produced: the transition the forge
   * job calls once the project, commit, tag and release exist (its own issue). Audited as the
   * system's. Until that job exists, tests call it as the publication's stand-in.
   */
  markPublished(contractId: string, result: PublicationResult, ctx: CommandContext = SYSTEM_CONTEXT): Promise<void> {
    return this.commands.run(ctx, async (scope) => {
      const [row] = await scope.em.query<{ id: string; status: ContractRecord['status']; ocid: string }[]>(
        `SELECT c.id, c.status, o.ocid FROM contract c JOIN opportunity o ON o.id = c.opportunity_id WHERE c.id = $1 FOR UPDATE OF c`,
        [contractId],
      );
      if (!row) throw DomainError.notFound('contract');
      await transitionContract(scope, row, 'PUBLISHED', {
        action: 'contract.publish',
        set: {
          project_url: result.projectUrl,
          commit_sha: result.commitSha,
          release_url: result.releaseUrl,
          publication_status: 'DONE',
          published_at: DB_NOW,
        },
        data: { ...result },
        tags: ['implementation'],
        bySystem: ctx.actor === null,
      });
    });
  }

  /**
   * Admin retry of the forge publication (api.md): the contract ACCEPTED, its publication not
   * DONE and no run alive (a RUNNING one whose worker died no longer holds the advisory lock
   * of ForgePublishJob). Queues the job again; it resumes at the first step not recorded.
   */
  retryPublication(ctx: CommandContext, actor: Actor | undefined, id: string): Promise<PublicationRetryView> {
    return this.commands.run(ctx, async (scope) => {
      const c = await requireContract(scope.em, actor, id, { lock: true });
      if (actor?.role !== 'admin') {
        throw DomainError.forbidden('Seul un administrateur peut relancer la publication sur la forge.');
      }
      assertStatusIn(
        c.status,
        ['ACCEPTED'],
        'Seule la publication d’un contrat accepté, pas encore publié, se relance.',
      );
      const [p] = await scope.em.query<{ publication_status: string | null; busy: boolean }[]>(
        `SELECT publication_status,
                (publication_status = 'RUNNING' AND NOT pg_try_advisory_xact_lock(hashtext('forge.publish'), hashtext($2::text))) AS busy
           FROM contract WHERE id = $1`,
        [id, id],
      );
      if (p.busy) {
        throw new DomainError('INVALID_TRANSITION', 'La publication est en cours sur un travailleur.', {
          publicationStatus: p.publication_status,
        });
      }
      await scope.em.query(
        `UPDATE contract SET publication_status = 'PENDING', publication_last_error = NULL, updated_at = now() WHERE id = $1`,
        [id],
      );
      scope.audit({
        action: 'contract.publication-retry',
        entityType: 'contract',
        entityId: id,
        data: { from: p.publication_status },
      });
      scope.enqueue({
        name: FORGE_PUBLISH_JOB,
        payload: { contractId: id },
        jobId: `${FORGE_PUBLISH_JOB}:${id}:retry:${randomUUID()}`,
      });
      return { status: 'PENDING' };
    });
  }

  private async lockAs(
    scope: CommandScope,
    actor: Actor | undefined,
    id: string,
    relation: 'buyer' | 'supplier',
  ): Promise<ContractRecord> {
    return requireContract(scope.em, actor, id, { lock: true, relation });
  }

  private async notifyAccepted(scope: CommandScope, c: ContractRecord, sha256: string): Promise<void> {
    // The owning body's buyers and the supplier's members.
    const recipients = await activeRecipients(
      scope.em,
      `(u.role = 'buyer' AND u.public_body_id = $1) OR u.id IN (SELECT user_id FROM vendor_membership WHERE vendor_id = $2)`,
      [c.publicBodyId, c.supplierId],
    );
    const [o] = await scope.em.query<{ reference: string; title: unknown }[]>(
      `SELECT reference, title FROM opportunity WHERE id = $1`,
      [c.opportunityId],
    );
    await this.notifications.queue(scope, {
      template: 'contract-accepted',
      recipients,
      entityType: 'contract',
      entityId: c.id,
      data: {
        opportunityId: c.opportunityId,
        reference: o.reference,
        title: o.title,
        contractReference: c.reference,
        sha256,
      },
      eventKey: `contract-accepted:${c.id}`,
    });
  }
}
