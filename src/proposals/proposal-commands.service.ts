import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Actor, CommandContext } from '../common/auth/actor';
import { CommandRunner, CommandScope } from '../common/command/command-runner.service';
import { DomainError, validationFailed } from '../common/errors/domain-error';
import { IdempotencyService } from '../common/idempotency/idempotency.service';
import { isUniqueViolation } from '../common/util/pg-errors';
import {
  CreateProposalDto,
  ProposalContentDto,
  SubmitProposalDto,
  UpdateProposalDto,
} from './dto/proposal-commands.dto';
import { ProposalWriteView, SubmissionReceiptView, toProposalWriteView, WithdrawalView } from './dto/proposal.view';
import { CriterionResponse, Proposal, ProposalAttestations, ProposalStatus } from './entities/proposal.entity';
import { transitionProposal, transitionProposalWrite } from './proposal-transitions';
import { ProposalIds, ProposalWritesService } from './proposal-writes.service';
import { assertEditable, assertKnownCriteria, assertPrice, assertTransition } from './proposals.rules';

const ACTIVE_INDEX = 'uq_proposal_active_per_vendor';

type AuditedState = Pick<Proposal, 'id' | 'opportunityId' | 'vendorId' | 'status' | 'version' | 'submittedAt'>;

const duplicate = () => new DomainError('DUPLICATE_PROPOSAL');

/**
 * P1 pre-check: no other non-withdrawn proposal of the organization on the opportunity
 * (409 DUPLICATE_PROPOSAL). Under concurrency the partial unique index decides; the
 * commands turn its violation into the same error.
 */
async function assertNoOtherActive(
  em: EntityManager,
  opportunityId: string,
  vendorId: string,
  exceptProposalId?: string,
): Promise<void> {
  const others = await em.query<{ id: string }[]>(
    `SELECT id FROM proposal WHERE opportunity_id = $1 AND vendor_id = $2 AND status <> 'WITHDRAWN' AND ($3::uuid IS NULL OR id <> $3::uuid)`,
    [opportunityId, vendorId, exceptProposalId ?? null],
  );
  if (others.length > 0) throw duplicate();
}

function checkedResponses(responses: readonly { criterionId: string; text: string }[]): CriterionResponse[] {
  const seen = new Set<string>();
  return responses.map((r, i) => {
    const criterionId = r.criterionId.toLowerCase();
    if (seen.has(criterionId))
      throw validationFailed([{ path: `responses[${i}].criterionId`, message: 'une seule réponse par critère' }]);
    seen.add(criterionId);
    return { criterionId, text: r.text };
  });
}

function attestationsOf(dto: NonNullable<ProposalContentDto['attestations']>): ProposalAttestations {
  const coi = dto.conflictOfInterest;
  return {
    acceptTerms: dto.acceptTerms === true,
    acceptLicense: dto.acceptLicense === true,
    conflictOfInterest: coi
      ? { declared: coi.declared, description: coi.description?.trim() ? coi.description : null }
      : null,
  };
}

/**
 * A vendor's commands on its proposal (domain.md §5): create, edit, submit, withdraw. Each
 * is one transaction that locks the opportunity row, then the proposal, and checks P2 on
 * the database clock under that lock. Audit events carry ids, status, version, receipt
 * hash and submission time only: never responses, price or file names (sealed).
 */
@Injectable()
export class ProposalCommandsService {
  constructor(
    private readonly commands: CommandRunner,
    private readonly writes: ProposalWritesService,
    private readonly idempotency: IdempotencyService,
  ) {}

  create(ctx: CommandContext, actor: Actor, opportunityId: string, dto: CreateProposalDto): Promise<ProposalWriteView> {
    return this.commands.run(ctx, async (scope) => {
      const { em } = scope;
      await this.writes.requireMember(em, actor, dto.vendorId, 'vendor_organization');
      const { opportunity } = await this.writes.lockOpenOpportunity(em, actor, opportunityId, dto.vendorId);
      const repo = em.getRepository(Proposal);
      await assertNoOtherActive(em, opportunityId, dto.vendorId);
      const responses = checkedResponses(dto.responses ?? []);
      assertKnownCriteria(responses, await this.writes.criterionIds(em, opportunityId));
      if (dto.priceCents !== undefined) assertPrice(dto.priceCents, opportunity.estimatedValueCents);
      let proposal: Proposal;
      try {
        proposal = await repo.save(
          repo.create({
            opportunityId,
            vendorId: dto.vendorId,
            authorId: actor.id,
            status: 'DRAFT',
            responses,
            ...(dto.attestations ? { attestations: attestationsOf(dto.attestations) } : {}),
          }),
        );
      } catch (e) {
        if (isUniqueViolation(e, ACTIVE_INDEX)) throw duplicate();
        throw e;
      }
      proposal = await repo.findOneByOrFail({ id: proposal.id });
      if (dto.priceCents !== undefined) await this.writes.setPrice(em, proposal.id, dto.priceCents);
      this.audit(scope, 'proposals.create', proposal);
      return toProposalWriteView(proposal, dto.priceCents ?? null, []);
    });
  }

  /**
   * Partial edit. Top-level fields replace; `responses` merge by criterion. The previous
   * state goes to proposal_version first. A SUBMITTED proposal stays SUBMITTED: the edit is
   * validated like a submission (P3–P6, P4) and re-sealed at once (new submittedAt, receipt
   * hash and receipt e-mail), or refused with the previous submission left intact.
   */
  update(ctx: CommandContext, actor: Actor, id: string, dto: UpdateProposalDto): Promise<ProposalWriteView> {
    if (dto.responses === undefined && dto.priceCents === undefined && dto.attestations === undefined) {
      throw validationFailed([
        { path: '', message: 'rien à modifier : indiquez responses, priceCents ou attestations' },
      ]);
    }
    return this.commands.run(ctx, async (scope) => {
      const { em } = scope;
      const locked = await this.writes.lockProposal(em, actor, id);
      const { proposal, opportunity } = locked;
      assertEditable(proposal.status);
      const previousPrice = await this.writes.priceOf(em, id);
      await this.writes.recordVersion(em, proposal, previousPrice, actor.id);

      if (dto.responses) {
        const merged = new Map(proposal.responses.map((r) => [r.criterionId, r]));
        for (const r of checkedResponses(dto.responses)) merged.set(r.criterionId, r);
        proposal.responses = [...merged.values()];
        assertKnownCriteria(proposal.responses, await this.writes.criterionIds(em, opportunity.id));
      }
      if (dto.attestations) proposal.attestations = attestationsOf(dto.attestations);
      const price = dto.priceCents ?? previousPrice;
      if (dto.priceCents !== undefined) assertPrice(dto.priceCents, opportunity.estimatedValueCents);

      if (proposal.status === 'SUBMITTED') await this.writes.seal(scope, actor, locked, price);
      const saved = await em.getRepository(Proposal).save(proposal);
      if (dto.priceCents !== undefined) await this.writes.setPrice(em, id, dto.priceCents);
      this.audit(scope, 'proposals.update', saved);
      return toProposalWriteView(saved, price, await this.writes.activeAttachments(em, id));
    });
  }

  /** P9: with an `Idempotency-Key`, a replay answers the first answer and submits nothing. */
  submit(
    ctx: CommandContext,
    actor: Actor,
    id: string,
    idempotencyKey: string | undefined,
    dto: SubmitProposalDto,
  ): Promise<SubmissionReceiptView> {
    return this.commands.run(ctx, async (scope) => {
      if (idempotencyKey === undefined) return this.doSubmit(scope, actor, id, dto);
      const request = {
        userId: actor.id,
        operation: 'POST /proposals/:id/submit',
        key: idempotencyKey,
        request: { id, body: { ...dto } },
      };
      // P8 before the replay: a user no longer a member of the organization gets 404, not the
      // stored receipt. The membership read also takes the key's lock (one round trip less).
      const member = await this.writes.requireProposalMember(scope.em, actor, id, (params) =>
        this.idempotency.lockSql(request, params),
      );
      const execute = async () => ({ status: 200, body: await this.doSubmit(scope, actor, id, dto, member) });
      const answer = await this.idempotency.run(scope, request, execute, { locked: true });
      if (answer.replayed) {
        scope.audit({
          action: 'proposals.submit.replay',
          entityType: 'proposal',
          entityId: id,
          data: { proposalId: id },
        });
      }
      return answer.body;
    });
  }

  /**
   * The submission itself, in as few statements as the rules allow (it races the deadline:
   * docs/benchmarks.md, deadline-surge): the opportunity's lock with the transaction's clock,
   * the proposal's, one read for the seal with the price and the author's verification, the
   * receipt e-mail, one UPDATE for the sealed state and the status; the version row goes in
   * the command's last statement.
   */
  private async doSubmit(
    scope: CommandScope,
    actor: Actor,
    id: string,
    dto: SubmitProposalDto,
    member?: ProposalIds,
  ): Promise<SubmissionReceiptView> {
    const { em } = scope;
    const ids = member ?? (await this.writes.requireProposalMember(em, actor, id));
    const locked = await this.writes.lockForSubmit(em, actor, ids);
    // A self-registered vendor whose address is not verified submits nothing (docs/rules.md).
    if (!locked.authorVerified) throw new DomainError('EMAIL_NOT_VERIFIED');
    const { proposal, priceCents, sealing } = locked;
    if (dto.expectedVersion !== undefined && dto.expectedVersion !== proposal.version) {
      throw new DomainError('CONFLICT', 'La proposition a changé depuis la version relue.', {
        expectedVersion: dto.expectedVersion,
        version: proposal.version,
      });
    }
    assertTransition(proposal.status, 'SUBMITTED');
    if (proposal.status === 'WITHDRAWN') await assertNoOtherActive(em, proposal.opportunityId, proposal.vendorId, id);
    // The history row goes in the command's last statement (nothing here reads it).
    scope.writeAtCommit(this.writes.versionInsertion(proposal, priceCents, actor.id));
    this.writes.sealState(locked, priceCents, sealing);
    // The sealed state with the status, in the statement of the receipt e-mail.
    const submitted = transitionProposalWrite(scope, proposal, 'SUBMITTED', {
      action: 'proposals.submit',
      data: this.auditData(proposal, 'SUBMITTED'),
      ocid: locked.opportunity.ocid,
      tags: [],
      // The sealed state, written with the status (the entity is not saved).
      set: {
        version: proposal.version,
        submitted_at: proposal.submittedAt,
        receipt_hash: proposal.receiptHash,
        withdrawn_at: null,
      },
    });
    try {
      await this.writes.queueReceipt(scope, locked, sealing, [submitted]);
    } catch (e) {
      if (isUniqueViolation(e, ACTIVE_INDEX)) throw duplicate();
      throw e;
    }
    return {
      id,
      status: 'SUBMITTED',
      version: proposal.version,
      submittedAt: proposal.submittedAt!.toISOString(),
      receiptHash: proposal.receiptHash!,
    };
  }

  withdraw(ctx: CommandContext, actor: Actor, id: string): Promise<WithdrawalView> {
    return this.commands.run(ctx, async (scope) => {
      const { em } = scope;
      const locked = await this.writes.lockProposal(em, actor, id);
      const { proposal, now } = locked;
      assertTransition(proposal.status, 'WITHDRAWN');
      await this.writes.recordVersion(em, proposal, await this.writes.priceOf(em, id), actor.id);
      proposal.withdrawnAt = now;
      const saved = await em.getRepository(Proposal).save(proposal);
      await transitionProposal(scope, saved, 'WITHDRAWN', {
        action: 'proposals.withdraw',
        data: this.auditData(saved, 'WITHDRAWN'),
        ocid: locked.opportunity.ocid,
        tags: [],
      });
      return { id, status: 'WITHDRAWN', version: saved.version, withdrawnAt: now.toISOString() };
    });
  }

  private audit(scope: CommandScope, action: string, p: Proposal): void {
    scope.audit({ action, entityType: 'proposal', entityId: p.id, data: this.auditData(p) });
  }

  /** What a proposal's audit events say of it (never its content or price: domain.md §8). */
  private auditData(p: AuditedState, status: ProposalStatus = p.status): Record<string, unknown> {
    return {
      proposalId: p.id,
      opportunityId: p.opportunityId,
      vendorId: p.vendorId,
      status,
      version: p.version,
      submittedAt: p.submittedAt?.toISOString() ?? null,
    };
  }
}
