import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  Equals,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  NotEquals,
  ValidateNested,
} from 'class-validator';
import { Trim } from '../../common/http/dto-transforms';
import { PageQuery } from '../../common/util/pagination';
import { CONTRACT_STATUSES, ContractStatus } from '../entities/contract.entity';

const CENTS_MAX = 2_000_000_000;

export class AmendmentDto {
  @ApiProperty({ description: 'Montant de la modification en cents (négatif : réduction de portée)', example: 250000 })
  @IsInt()
  @NotEquals(0, { message: 'le montant ne peut pas être nul' })
  @Min(-CENTS_MAX)
  @Max(CENTS_MAX)
  amountCents: number;

  @ApiProperty({ description: 'Justification de la modification', maxLength: 4000 })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  justification: string;
}

export class CriterionMarkDto {
  @ApiProperty({ description: 'Rang du critère d’acceptation de l’appel d’offres (à partir de 0)' })
  @IsInt()
  @Min(0)
  @Max(999)
  index: number;

  @ApiProperty({ description: 'Critère satisfait', example: true })
  @IsBoolean()
  met: boolean;
}

export class AcceptDto {
  @ApiProperty({ format: 'uuid', description: 'Le livrable accepté' })
  @IsUUID('all')
  deliverableId: string;

  @ApiProperty({ type: [CriterionMarkDto], description: 'Chaque critère d’acceptation, marqué satisfait' })
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => CriterionMarkDto)
  criteria: CriterionMarkDto[];
}

export class PaymentDto {
  @ApiProperty({ description: 'Numéro de la facture du fournisseur (unique pour le contrat)', example: 'F-2027-001' })
  @Trim()
  @IsString()
  @Matches(/^[\p{L}\p{N}][\p{L}\p{N} ._/#-]{0,59}$/u, { message: 'numéro de facture invalide (60 caractères au plus)' })
  invoiceNumber: string;

  @ApiProperty({ description: 'Montant payé en cents', example: 4000000 })
  @IsInt()
  @Min(1)
  @Max(CENTS_MAX)
  amountCents: number;
}

export class TerminateDto {
  @ApiProperty({ description: 'Motif de la résiliation', maxLength: 4000 })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  reason: string;
}

export class ContractsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CONTRACT_STATUSES })
  @IsOptional()
  @IsIn(CONTRACT_STATUSES)
  status?: ContractStatus;

  @ApiPropertyOptional({ format: 'uuid', description: 'Organisme public responsable' })
  @IsOptional()
  @IsUUID('all')
  publicBodyId?: string;
}

/** Marker kept for the OpenAPI document of the multipart upload. */
export class DeliverableUploadDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description: 'Archive des sources (.tar.gz ou .zip, 100 Mo au plus)',
  })
  @Equals(undefined)
  archive?: unknown;
}
