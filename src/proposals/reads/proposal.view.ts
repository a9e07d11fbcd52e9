import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ProposalAttachmentView, ProposalResponseView } from '../dto/proposal-parts.view';
import { PageOf } from '../../common/util/pagination';

/** A proposal as one reader may read it (domain.md §5.1): the price only where allowed. */
export class ProposalView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) opportunityId: string;
  @ApiProperty({ format: 'uuid' }) vendorId: string;
  @ApiProperty() vendorName: string;
  @ApiProperty() status: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: [ProposalResponseView] }) responses: ProposalResponseView[];
  @ApiProperty({ type: 'object', additionalProperties: true }) attestations: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true }) submittedAt: string | null;
  @ApiPropertyOptional({
    description: 'Empreinte du reçu (seulement là où le prix est lisible : elle permettrait de le retrouver)',
    type: String,
    nullable: true,
  })
  receiptHash?: string | null;
  @ApiPropertyOptional({ description: 'Prix en cents, seulement pour qui peut ouvrir l’enveloppe de prix' })
  priceCents?: number;
  @ApiProperty({ type: [ProposalAttachmentView] }) attachments: ProposalAttachmentView[];
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class ProposalPage extends PageOf(ProposalView) {}
