import { ApiProperty } from '@nestjs/swagger';
import type { ProposalAttachment } from '../entities/proposal-attachment.entity';

/** Parts of a proposal shown the same way by the write side's answers and by the reads. */

export class ProposalResponseView {
  @ApiProperty({ format: 'uuid' }) criterionId: string;
  @ApiProperty() text: string;
}

export class ProposalAttachmentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() fileName: string;
  @ApiProperty() contentType: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty({ description: 'SHA-256 (hex) du contenu' }) sha256: string;
  @ApiProperty() uploadedAt: string;
}

export function toAttachmentView(a: ProposalAttachment): ProposalAttachmentView {
  return {
    id: a.id,
    fileName: a.fileName,
    contentType: a.contentType,
    sizeBytes: a.sizeBytes,
    sha256: a.sha256,
    uploadedAt: a.uploadedAt.toISOString(),
  };
}
