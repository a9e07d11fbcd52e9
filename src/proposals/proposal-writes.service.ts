import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessService } from '../common/access/access.service';
import type { Actor } from '../common/auth/actor';
import { CommandScope } from '../common/command/command-runner.service';
import { DomainError } from '../common/errors/domain-error';
import { SqlParams } from '../common/util/sql-params';
import { runWrites, SqlWrite } from '../common/util/sql-writes';
import { Opportunity } from '../opportunities/entities/opportunity.entity';
import { lockVisibleOpportunity } from '../opportunities/opportunity-locks';
import { opportunityMailData, userRecipientSql } from '../opportunities/opportunity-recipients';
import { NotificationsService } from '../notifications/notifications.service';
import { RecipientRow, toRecipients } from '../notifications/recipients';
import { inEffect } from '../organizations/ineligible-register.service';
import { activeAttachmentsByProposal } from './active-attachments';
import type { ProposalAttachment } from './entities/proposal-attachment.entity';
import { ProposalPrice } from './entities/proposal-price.entity';
import { Proposal } from './entities/proposal.entity';
import { assertAttestations, assertComplete, assertOpen, assertPrice, receiptHash } from './proposals.rules';

/** An opportunity locked for a proposal write, open (P2), with the decision time. */
export interface OpenOpportunity {
  opportunity: Opportunity;
  /**
   * The database clock of the writing transaction (`now()`, to the millisecond): when the
   * request's transaction began, before any wait for a lock. It decides P2 and is recorded as
   * `submittedAt`, so a vendor who submitted before the deadline is not refused because other
   * transactions held the row; the closing waits for this transaction (row lock), so a
   * submission is entirely in or entirely refused either way.
   */
  now: Date;
}

export interface LockedProposal extends OpenOpportunity {
  proposal: Proposal;
}

export type ProposalIds = Pick<Proposal, 'id' | 'opportunityId' | 'vendorId'>;

/** What a submission reads of its proposal under the lock (a plain object, no entity). */
export type SubmittedState = Pick<
  Proposal,
  | 'id'
  | 'opportunityId'
  | 'vendorId'
  | 'status'
  | 'responses'
  | 'attestations'
  | 'version'
  | 'submittedAt'
  | 'receiptHash'
  | 'withdrawnAt'
>;

export interface SubmissionLock extends OpenOpportunity {
  proposal: SubmittedState;
  priceCents: number | null;
  /** Whether the submitting user's address is verified (docs/rules.md). */
  authorVerified: boolean;
  /** What the seal reads, read after the locks with the price. */
  sealing: SealContext;
}

/** What `seal` reads and writes of a proposal. */
export interface SealTarget extends OpenOpportunity {
  proposal: SubmittedState;
}

type VersionedState = Pick<Proposal, 'id' | 'version' | 'status' | 'responses' | 'attestations'>;

interface SubmissionRow {
  id: string;
  opportunity_id: string;
  vendor_id: string;
  status: Proposal['status'];
  responses: Proposal['responses'];
  attestations: Proposal['attestations'];
  version: number;
  submitted_at: Date | null;
  receipt_hash: string | null;
  withdrawn_at: Date | null;
}

export interface SealContext {
  neq: string;
  legal_name: string;
  criterion_ids: string[];
  ineligible: boolean;
  attachments: { sha256: string; fileName: string }[];
  recipients: RecipientRow[] | null;
  /** The proposal's price and whether the acting user's address is verified. */
  price_cents: number | null;
  verified: boolean | null;
}

/**
 * What every proposal write shares: locking (opportunity row first, then the proposal), the
 * P2 check on the database clock inside the writing transaction, the version history, and
 * sealing a submission (P3–P6, receipt hash, receipt e-mail).
 */
@Injectable()
export class ProposalWritesService {
  constructor(
    private readonly access: AccessService,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * Locks the opportunity (404 if the actor may not see it, or, in invitation mode, if the
   * vendor organization is not invited: P7) and checks it is open (P2).
   */
  async lockOpenOpportunity(
    em: EntityManager,
    actor: Actor,
    opportunityId: string,
    vendorId: string,
  ): Promise<OpenOpportunity> {
    const { opportunity, now } = await lockVisibleOpportunity(em, actor, opportunityId, 'share');
    if (opportunity.procurementMode === 'invitation') {
      // The actor may see it through another organization; the proposal's organization must be invited.
      const invited = await em.query<unknown[]>(
        `SELECT 1 FROM opportunity_invitation WHERE opportunity_id = $1 AND vendor_id = $2`,
        [opportunityId, vendorId],
      );
      if (invited.length === 0) throw DomainError.notFound('opportunity');
    }
    assertOpen(opportunity.status, opportunity.proposalDeadline, now);
    return { opportunity, now };
  }

  /** The proposal, locked, if the actor is a member of its organization (else 404, P8), on an open opportunity. */
  async lockProposal(em: EntityManager, actor: Actor, proposalId: string): Promise<LockedProposal> {
    const repo = em.getRepository(Proposal);
    const found = await this.requireProposalMember(em, actor, proposalId);
    const open = await this.lockOpenOpportunity(em, actor, found.opportunityId, found.vendorId);
    const proposal = await repo.findOne({ where: { id: proposalId }, lock: { mode: 'pessimistic_write' } });
    if (!proposal) throw DomainError.notFound('proposal');
    return { ...open, proposal };
  }

  /**
   * The submission's lock (the same order and checks as `lockProposal`), in fewer round
   * trips: the proposal row (FOR UPDATE), then, in the statement after, everything the seal
   * reads with the price and whether the submitting user's address is verified. Not in the
   * locking statement: a statement that waited for the row lock returns the row as the
   * holder committed it, but its subqueries read the other tables as they were when it
   * began (a price changed by a co-member's edit would be missed).
   */
  async lockForSubmit(em: EntityManager, actor: Actor, member: ProposalIds): Promise<SubmissionLock> {
    const open = await this.lockOpenOpportunity(em, actor, member.opportunityId, member.vendorId);
    const [row] = await em.query<SubmissionRow[]>(
      `SELECT p.id, p.opportunity_id, p.vendor_id, p.status, p.responses, p.attestations, p.version,
              p.submitted_at, p.receipt_hash, p.withdrawn_at
         FROM proposal p WHERE p.id = $1 FOR UPDATE OF p`,
      [member.id],
    );
    if (!row) throw DomainError.notFound('proposal');
    const proposal = {
      id: row.id,
      opportunityId: row.opportunity_id,
      vendorId: row.vendor_id,
      status: row.status,
      responses: row.responses,
      attestations: row.attestations,
      version: row.version,
      submittedAt: row.submitted_at,
      receiptHash: row.receipt_hash,
      withdrawnAt: row.withdrawn_at,
    };
    const sealing = await this.sealContext(em, actor, open.opportunity, proposal);
    return {
      ...open,
      proposal,
      priceCents: sealing.price_cents,
      authorVerified: sealing.verified === true,
      sealing,
    };
  }

  /**
   * The proposal's ids, if the actor is a member of its organization (else 404, P8); no row
   * lock. `alsoLock` adds an advisory lock expression to the same statement (a submission's
   * idempotency key), taken when the proposal exists: a 404 rolls the transaction back.
   */
  async requireProposalMember(
    em: EntityManager,
    actor: Actor,
    proposalId: string,
    alsoLock?: (params: SqlParams) => string,
  ): Promise<ProposalIds> {
    // One statement: the proposal and whether the actor is a member of its organization
    // (AccessService.requireVendorMember's rule: a membership row).
    const params = new SqlParams([proposalId, actor.id]);
    const lock = alsoLock ? `, ${alsoLock(params)} AS locked` : '';
    const [found] = await em.query<{ id: string; opportunity_id: string; vendor_id: string; member: boolean }[]>(
      `SELECT p.id, p.opportunity_id, p.vendor_id,
              EXISTS (SELECT 1 FROM vendor_membership m WHERE m.vendor_id = p.vendor_id AND m.user_id = $2) AS member${lock}
         FROM proposal p WHERE p.id = $1`,
      params.values,
    );
    if (!found || !found.member) throw DomainError.notFound('proposal');
    return { id: found.id, opportunityId: found.opportunity_id, vendorId: found.vendor_id };
  }

  /** A member of the vendor organization; anyone else learns nothing (404). */
  async requireMember(em: EntityManager, actor: Actor, vendorId: string, entity: string): Promise<void> {
    try {
      await this.access.requireVendorMember(em, actor, vendorId);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'NOT_FOUND') throw DomainError.notFound(entity);
      throw e;
    }
  }

  async criterionIds(em: EntityManager, opportunityId: string): Promise<string[]> {
    const rows = await em.query<{ id: string }[]>(
      `SELECT id FROM opportunity_criterion WHERE opportunity_id = $1 ORDER BY position`,
      [opportunityId],
    );
    return rows.map((r) => r.id);
  }

  async priceOf(em: EntityManager, proposalId: string): Promise<number | null> {
    return (await em.getRepository(ProposalPrice).findOneBy({ proposalId }))?.priceCents ?? null;
  }

  async setPrice(em: EntityManager, proposalId: string, priceCents: number): Promise<void> {
    await em.query(
      `INSERT INTO proposal_price (proposal_id, price_cents) VALUES ($1, $2)
       ON CONFLICT (proposal_id) DO UPDATE SET price_cents = EXCLUDED.price_cents, updated_at = now()`,
      [proposalId, priceCents],
    );
  }

  async activeAttachments(em: EntityManager, proposalId: string): Promise<ProposalAttachment[]> {
    return (await activeAttachmentsByProposal(em, [proposalId])).get(proposalId) ?? [];
  }

  /** Keeps the current state in proposal_version, then bumps the proposal's version (in memory). */
  async recordVersion(em: EntityManager, proposal: VersionedState, priceCents: number | null, changedById: string) {
    await runWrites(em, [this.versionInsertion(proposal, priceCents, changedById)]);
  }

  /**
   * The history row of the proposal's state before a change, as a write not yet run (the
   * submission runs it in its last statement); the in-memory version moves on.
   */
  versionInsertion(proposal: VersionedState, priceCents: number | null, changedById: string): SqlWrite {
    const write = {
      sql: `INSERT INTO proposal_version (proposal_id, version, status, responses, attestations, price_cents, changed_by_id)
            VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7)`,
      params: [
        proposal.id,
        proposal.version,
        proposal.status,
        JSON.stringify(proposal.responses),
        JSON.stringify(proposal.attestations),
        priceCents,
        changedById,
      ],
    };
    proposal.version += 1;
    return write;
  }

  /**
   * Seals the proposal as submitted at `now` (in memory; the caller saves): P3, P5, P6, P4
   * (ineligible register, database clock), then the receipt hash over the content, price,
   * attachments and version, and the receipt e-mail to the submitting user. What it reads
   * (criteria, the organization and the register, attachments, the recipient) is one query;
   * a submission read it already, with the lock (`lockForSubmit`), and calls the two halves
   * itself (`sealState`, `queueReceipt`) to write its status with the e-mail.
   */
  async seal(scope: CommandScope, actor: Actor, locked: SealTarget, priceCents: number | null): Promise<void> {
    const ctx = await this.sealContext(scope.em, actor, locked.opportunity, locked.proposal);
    this.sealState(locked, priceCents, ctx);
    await this.queueReceipt(scope, locked, ctx);
  }

  /** The seal's checks and state (in memory): P3, P5, P6, P4, receipt hash, `submittedAt`. */
  sealState(locked: SealTarget, priceCents: number | null, ctx: SealContext): void {
    const { proposal, opportunity, now } = locked;
    assertPrice(priceCents, opportunity.estimatedValueCents);
    assertAttestations(proposal.attestations);
    assertComplete(proposal.responses, ctx.criterion_ids);
    if (ctx.ineligible) throw new DomainError('VENDOR_INELIGIBLE', undefined, { neq: ctx.neq });
    proposal.receiptHash = receiptHash({
      opportunityId: proposal.opportunityId,
      vendorId: proposal.vendorId,
      responses: proposal.responses,
      attestations: proposal.attestations,
      priceCents: priceCents!,
      attachments: ctx.attachments,
      version: proposal.version,
    });
    proposal.submittedAt = now;
    proposal.withdrawnAt = null;
  }

  /** The receipt e-mail of a sealed proposal; `alongside`: writes run in the same statement. */
  async queueReceipt(
    scope: CommandScope,
    locked: SealTarget,
    ctx: SealContext,
    alongside: readonly SqlWrite[] = [],
  ): Promise<void> {
    const { proposal, opportunity, now } = locked;
    await this.notifications.queue(
      scope,
      {
        template: 'proposal-receipt',
        recipients: toRecipients(ctx.recipients ?? []),
        entityType: 'proposal',
        entityId: proposal.id,
        // Never the price nor the content: the hash is the receipt.
        data: opportunityMailData(opportunity, {
          proposalId: proposal.id,
          vendorName: ctx.legal_name,
          submittedAt: now.toISOString(),
          receiptHash: proposal.receiptHash,
          version: proposal.version,
        }),
        eventKey: `proposal-receipt:${proposal.id}:${proposal.version}`,
      },
      alongside,
    );
  }

  /** The seal's one read (after the proposal's lock), with the price and the actor's verification. */
  private async sealContext(
    em: EntityManager,
    actor: Actor,
    opportunity: Opportunity,
    proposal: Pick<Proposal, 'id' | 'vendorId'>,
  ): Promise<SealContext> {
    const [ctx] = await em.query<SealContext[]>(
      `SELECT v.neq, v.legal_name,
              ARRAY(SELECT c.id::text FROM opportunity_criterion c WHERE c.opportunity_id = $1 ORDER BY c.position) AS criterion_ids,
              EXISTS (SELECT 1 FROM ineligible_enterprise i WHERE i.neq = v.neq AND ${inEffect('i')}) AS ineligible,
              COALESCE((SELECT jsonb_agg(jsonb_build_object('sha256', a.sha256, 'fileName', a.file_name))
                          FROM proposal_attachment a WHERE a.proposal_id = $3 AND a.removed_at IS NULL), '[]') AS attachments,
              (SELECT jsonb_agg(jsonb_build_object('id', r.id, 'email', r.email, 'preferred_language', r.preferred_language))
                 FROM (${userRecipientSql('$1', '$4')}) r) AS recipients,
              (SELECT pp.price_cents FROM proposal_price pp WHERE pp.proposal_id = $3) AS price_cents,
              (SELECT u.email_verified_at IS NOT NULL FROM app_user u WHERE u.id = $4) AS verified
         FROM vendor_organization v WHERE v.id = $2`,
      [opportunity.id, proposal.vendorId, proposal.id, actor.id],
    );
    return ctx;
  }
}
