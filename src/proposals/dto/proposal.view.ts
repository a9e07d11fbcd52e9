import { ApiProperty } from '@nestjs/swagger';
import { PROPOSAL_STATUSES } from '../entities/proposal.entity';
import type { CriterionResponse, Proposal, ProposalAttestations, ProposalStatus } from '../entities/proposal.entity';
import type { ProposalAttachment } from '../entities/proposal-attachment.entity';
import { ProposalAttachmentView, ProposalResponseView, toAttachmentView } from './proposal-parts.view';

/**
 * The proposal as the writing member gets it back from a create or an edit (the write side's
 * answer): the price and receipt hash always present (null when none), the withdrawal time,
 * no organization name. Reads answer another shape (reads/proposal.view.ts, `ProposalView`):
 * a name of its own, so that the OpenAPI document describes both.
 */
export class ProposalWriteView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) opportunityId: string;
  @ApiProperty({ format: 'uuid' }) vendorId: string;
  @ApiProperty({ enum: PROPOSAL_STATUSES }) status: ProposalStatus;
  @ApiProperty() version: number;
  @ApiProperty({ type: [ProposalResponseView] }) responses: CriterionResponse[];
  @ApiProperty({ type: 'object', additionalProperties: true }) attestations: ProposalAttestations;
  @ApiProperty({ type: Number, nullable: true, description: 'Prix en cents (null si aucun)' }) priceCents:
    number | null;
  @ApiProperty({ type: [ProposalAttachmentView] }) attachments: ProposalAttachmentView[];
  @ApiProperty({ type: String, nullable: true }) submittedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) receiptHash: string | null;
  @ApiProperty({ type: String, nullable: true }) withdrawnAt: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class SubmissionReceiptView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['SUBMITTED'] }) status: 'SUBMITTED';
  @ApiProperty() version: number;
  @ApiProperty({ description: 'Heure de la base de données' }) submittedAt: string;
  @ApiProperty({ description: 'SHA-256 du JSON canonique du contenu déposé et du prix (P10)' }) receiptHash: string;
}

export class WithdrawalView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['WITHDRAWN'] }) status: 'WITHDRAWN';
  @ApiProperty() version: number;
  @ApiProperty() withdrawnAt: string;
}

export function toProposalWriteView(
  p: Proposal,
  priceCents: number | null,
  attachments: ProposalAttachment[],
): ProposalWriteView {
  return {
    id: p.id,
    opportunityId: p.opportunityId,
    vendorId: p.vendorId,
    status: p.status,
    version: p.version,
    responses: p.responses,
    attestations: p.attestations,
    priceCents,
    attachments: attachments.map(toAttachmentView),
    submittedAt: p.submittedAt?.toISOString() ?? null,
    receiptHash: p.receiptHash,
    withdrawnAt: p.withdrawnAt?.toISOString() ?? null,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
