import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ProposalAttachment } from '../entities/proposal-attachment.entity';
import type { CriterionResponse, Proposal, ProposalAttestations, ProposalStatus } from '../entities/proposal.entity';

export class AttachmentView {
  @ApiProperty() id: string;
  @ApiProperty() fileName: string;
  @ApiProperty() contentType: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty({ description: 'SHA-256 (hex) du contenu' }) sha256: string;
  @ApiProperty() uploadedAt: string;
}

/** The proposal as its own organization's members see it (the writer's answer; reads are elsewhere). */
export class ProposalView {
  @ApiProperty() id: string;
  @ApiProperty() opportunityId: string;
  @ApiProperty() vendorId: string;
  @ApiProperty() status: ProposalStatus;
  @ApiProperty() version: number;
  @ApiProperty() responses: CriterionResponse[];
  @ApiProperty() attestations: ProposalAttestations;
  @ApiProperty({ nullable: true }) priceCents: number | null;
  @ApiProperty({ type: [AttachmentView] }) attachments: AttachmentView[];
  @ApiProperty({ nullable: true }) submittedAt: string | null;
  @ApiProperty({ nullable: true }) receiptHash: string | null;
  @ApiPropertyOptional({ nullable: true }) withdrawnAt: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class SubmissionReceiptView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['SUBMITTED'] }) status: 'SUBMITTED';
  @ApiProperty() version: number;
  @ApiProperty({ description: 'Heure de la base de données' }) submittedAt: string;
  @ApiProperty({ description: 'SHA-256 du JSON canonique du contenu déposé et du prix (P10)' }) receiptHash: string;
}

export class WithdrawalView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['WITHDRAWN'] }) status: 'WITHDRAWN';
  @ApiProperty() version: number;
  @ApiProperty() withdrawnAt: string;
}

export function toAttachmentView(a: ProposalAttachment): AttachmentView {
  return { id: a.id, fileName: a.fileName, contentType: a.contentType, sizeBytes: a.sizeBytes, sha256: a.sha256, uploadedAt: a.uploadedAt.toISOString() };
}

export function toProposalView(p: Proposal, priceCents: number | null, attachments: ProposalAttachment[]): ProposalView {
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
