import { ApiProperty } from '@nestjs/swagger';
import {
  CONTRACT_STATUSES,
  ContractStatus,
  PUBLICATION_STATUSES,
  PublicationStatus,
} from '../entities/contract.entity';
import { CHECK_STATUSES, CheckStatus } from '../entities/contract-deliverable.entity';
import { PageOf } from '../../common/util/pagination';

export class ContractSupplierView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() legalName: string;
  @ApiProperty({ description: 'Numéro d’entreprise du Québec' }) neq: string;
}

export class AmendmentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Numéro de la modification (1, 2, …)' }) number: number;
  @ApiProperty({ description: 'Montant en cents (négatif : réduction)' }) amountCents: number;
  @ApiProperty() justification: string;
  @ApiProperty() createdAt: string;
}

export class CheckView {
  @ApiProperty({ enum: ['readme', 'license', 'publiccode', 'secrets'] }) name: string;
  @ApiProperty() passed: boolean;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Détails (message en français, éléments en cause)',
  })
  details: Record<string, unknown>;
}

export class DeliverableReceiptView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'SHA-256 de l’archive reçue' }) sha256: string;
  @ApiProperty({ enum: CHECK_STATUSES, description: 'PENDING : les vérifications tournent en tâche de fond' })
  checkStatus: CheckStatus;
  @ApiProperty({ type: [CheckView] }) checks: CheckView[];
}

export class DeliverableView extends DeliverableReceiptView {
  @ApiProperty() number: number;
  @ApiProperty() fileName: string;
  @ApiProperty({ enum: ['tar.gz', 'zip'] }) format: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty({ description: 'Entrées de l’archive (fichiers, répertoires, liens)' }) entryCount: number;
  @ApiProperty() expandedBytes: number;
  @ApiProperty({ description: 'Fichiers et liens du manifeste SHA-256' }) manifestSize: number;
  @ApiProperty({ type: String, nullable: true }) checkedAt: string | null;
  @ApiProperty() uploadedAt: string;
}

export class PaymentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() invoiceNumber: string;
  @ApiProperty() amountCents: number;
  @ApiProperty() recordedAt: string;
}

export class PublicationView {
  @ApiProperty({ enum: PUBLICATION_STATUSES }) status: PublicationStatus;
  @ApiProperty({ type: String, nullable: true }) projectUrl: string | null;
  @ApiProperty({ type: String, nullable: true }) commitSha: string | null;
  @ApiProperty({ type: String, nullable: true }) releaseUrl: string | null;
  @ApiProperty() attempts: number;
  @ApiProperty({ type: String, nullable: true }) lastError: string | null;
}

/** The admin retry's answer (202): the publication is queued again. */
export class PublicationRetryView {
  @ApiProperty({ enum: ['PENDING'] }) status: 'PENDING';
}

export class ContractSummaryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'C-2027-0001' }) reference: string;
  @ApiProperty({ enum: CONTRACT_STATUSES }) status: ContractStatus;
  @ApiProperty({ format: 'uuid' }) opportunityId: string;
  @ApiProperty({ example: 'EEC-2027-0001' }) opportunityReference: string;
  @ApiProperty({ format: 'uuid' }) publicBodyId: string;
  @ApiProperty({ type: ContractSupplierView }) supplier: ContractSupplierView;
  @ApiProperty({ description: 'Montant initial (le prix retenu), en cents' }) initialAmountCents: number;
  @ApiProperty({ description: 'Montant total (initial et modifications), en cents' }) totalAmountCents: number;
  @ApiProperty({ example: '2027-04-30' }) deliveryDueDate: string;
  @ApiProperty() awardedAt: string;
}

export class ContractSummaryPage extends PageOf(ContractSummaryView) {}

export class ContractView extends ContractSummaryView {
  @ApiProperty({ format: 'uuid', description: 'La proposition retenue' }) proposalId: string;
  @ApiProperty({ description: 'SPDX de la licence du contrat', type: String, nullable: true }) license: string | null;
  @ApiProperty({ description: 'Somme des modifications, en cents' }) amendedCents: number;
  @ApiProperty({ description: 'Somme des paiements, en cents' }) paidCents: number;
  @ApiProperty({ type: String, nullable: true }) acceptedDeliverableId: string | null;
  @ApiProperty({ type: String, nullable: true }) terminationReason: string | null;
  @ApiProperty({ type: [AmendmentView] }) amendments: AmendmentView[];
  @ApiProperty({ type: [DeliverableView] }) deliverables: DeliverableView[];
  @ApiProperty({ type: PublicationView, nullable: true, description: 'Publication sur la forge (après acceptation)' })
  publication: PublicationView | null;
  @ApiProperty({ type: [PaymentView] }) payments: PaymentView[];
}

export class ContractStatusView {
  @ApiProperty({ enum: CONTRACT_STATUSES }) status: ContractStatus;
}
