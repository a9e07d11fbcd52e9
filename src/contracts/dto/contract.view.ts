import { ApiProperty } from '@nestjs/swagger';
import { CONTRACT_STATUSES, ContractStatus } from '../entities/contract.entity';

export class ContractSupplierView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() legalName: string;
  @ApiProperty({ description: 'Numéro d’entreprise du Québec' }) neq: string;
}

export class ContractView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'C-2027-0001' }) reference: string;
  @ApiProperty({ enum: CONTRACT_STATUSES }) status: ContractStatus;
  @ApiProperty({ format: 'uuid' }) opportunityId: string;
  @ApiProperty({ example: 'EEC-2027-0001' }) opportunityReference: string;
  @ApiProperty({ format: 'uuid', description: 'La proposition retenue' }) proposalId: string;
  @ApiProperty({ type: ContractSupplierView }) supplier: ContractSupplierView;
  @ApiProperty({ description: 'Montant initial (le prix retenu), en cents' }) initialAmountCents: number;
  @ApiProperty({ description: 'Montant total (initial et modifications), en cents' }) totalAmountCents: number;
  @ApiProperty({ example: '2027-04-30' }) deliveryDueDate: string;
  @ApiProperty({ description: 'SPDX de la licence du contrat', type: String, nullable: true }) license: string | null;
  @ApiProperty() awardedAt: string;
  @ApiProperty({ type: [Object], description: 'Modifications au contrat (à venir)' }) amendments: unknown[];
  @ApiProperty({ type: [Object], description: 'Livrables déposés (à venir)' }) deliverables: unknown[];
  @ApiProperty({ type: [Object], description: 'Paiements (à venir)' }) payments: unknown[];
}
