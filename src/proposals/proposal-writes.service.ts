import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessService } from '../common/access/access.service';
import type { Actor } from '../common/auth/actor';
import { CommandScope } from '../common/command/command-runner.service';
import { DomainError } from '../common/errors/domain-error';
import { Opportunity } from '../opportunities/entities/opportunity.entity';
import { lockVisibleOpportunity } from '../opportunities/opportunity-locks';
import { opportunityMailData, userRecipient } from '../opportunities/opportunity-recipients';
import { NotificationsService } from '../notifications/notifications.service';
import { IneligibleRegisterService } from '../organizations/ineligible-register.service';
import { activeAttachmentsByProposal } from './active-attachments';
import type { ProposalAttachment } from './entities/proposal-attachment.entity';
import { ProposalPrice } from './entities/proposal-price.entity';
import { ProposalVersion } from './entities/proposal-version.entity';
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

/**
 * What every proposal write shares: locking (opportunity row first, then the proposal), the
 * P2 check on the database clock inside the writing transaction, the version history, and
 * sealing a submission (P3–P6, receipt hash, receipt e-mail).
 */
@Injectable()
export class ProposalWritesService {
  constructor(
    private readonly access: AccessService,
    private readonly ineligible: IneligibleRegisterService,
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

  /** The proposal's ids, if the actor is a member of its organization (else 404, P8); no lock. */
  async requireProposalMember(
    em: EntityManager,
    actor: Actor,
    proposalId: string,
  ): Promise<Pick<Proposal, 'id' | 'opportunityId' | 'vendorId'>> {
    const found = await em
      .getRepository(Proposal)
      .findOne({ where: { id: proposalId }, select: { id: true, opportunityId: true, vendorId: true } });
    if (!found) throw DomainError.notFound('proposal');
    await this.requireMember(em, actor, found.vendorId, 'proposal');
    return found;
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
  async recordVersion(
    em: EntityManager,
    proposal: Proposal,
    priceCents: number | null,
    changedById: string,
  ): Promise<void> {
    await em.getRepository(ProposalVersion).insert({
      proposalId: proposal.id,
      version: proposal.version,
      status: proposal.status,
      responses: proposal.responses,
      attestations: proposal.attestations,
      priceCents,
      changedById,
    });
    proposal.version += 1;
  }

  /**
   * Seals the proposal as submitted at `now` (in memory; the caller saves): P3, P5, P6, P4
   * (ineligible register, database clock), then the receipt hash over the content, price,
   * attachments and version, and the receipt e-mail to the submitting user.
   */
  async seal(scope: CommandScope, actor: Actor, locked: LockedProposal, priceCents: number | null): Promise<void> {
    const { em } = scope;
    const { proposal, opportunity, now } = locked;
    assertPrice(priceCents, opportunity.estimatedValueCents);
    assertAttestations(proposal.attestations);
    assertComplete(proposal.responses, await this.criterionIds(em, opportunity.id));
    const [vendor] = await em.query<{ neq: string; legal_name: string }[]>(
      `SELECT neq, legal_name FROM vendor_organization WHERE id = $1`,
      [proposal.vendorId],
    );
    if (await this.ineligible.isIneligible(em, vendor.neq)) {
      throw new DomainError('VENDOR_INELIGIBLE', undefined, { neq: vendor.neq });
    }
    const attachments = await this.activeAttachments(em, proposal.id);
    proposal.receiptHash = receiptHash({
      opportunityId: proposal.opportunityId,
      vendorId: proposal.vendorId,
      responses: proposal.responses,
      attestations: proposal.attestations,
      priceCents: priceCents!,
      attachments,
      version: proposal.version,
    });
    proposal.submittedAt = now;
    proposal.withdrawnAt = null;
    await this.notifications.queue(scope, {
      template: 'proposal-receipt',
      recipients: await userRecipient(em, opportunity.id, actor.id),
      entityType: 'proposal',
      entityId: proposal.id,
      // Never the price nor the content: the hash is the receipt.
      data: opportunityMailData(opportunity, {
        proposalId: proposal.id,
        vendorName: vendor.legal_name,
        submittedAt: now.toISOString(),
        receiptHash: proposal.receiptHash,
        version: proposal.version,
      }),
      eventKey: `proposal-receipt:${proposal.id}:${proposal.version}`,
    });
  }
}
