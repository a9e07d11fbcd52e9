import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

export class CriterionResponseDto {
  @ApiProperty({ description: 'Id d’un critère de l’opportunité' })
  @IsUUID('all', { message: 'identifiant de critère invalide' })
  criterionId: string;

  @ApiProperty({ description: 'Réponse (Markdown) ; non vide au dépôt (P6)' })
  @IsString()
  @MaxLength(50_000)
  text: string;
}

export class ConflictOfInterestDto {
  @ApiProperty({ description: 'Un conflit d’intérêts est déclaré' })
  @IsBoolean()
  declared: boolean;

  @ApiPropertyOptional({ description: 'Description, requise si declared = true (P5)', type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string | null;
}

export class AttestationsDto {
  // Each attestation may be absent from a draft; submission requires them all (422 ATTESTATION_REQUIRED, P5).
  @ApiPropertyOptional({ description: 'Accepte les conditions de l’appel d’offres (requis au dépôt)' })
  @IsOptional()
  @IsBoolean()
  acceptTerms?: boolean;

  @ApiPropertyOptional({ description: 'Accepte la licence de l’opportunité (requis au dépôt)' })
  @IsOptional()
  @IsBoolean()
  acceptLicense?: boolean;

  @ApiPropertyOptional({
    type: ConflictOfInterestDto,
    nullable: true,
    description: 'Déclaration de conflit d’intérêts (requise au dépôt)',
  })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => ConflictOfInterestDto)
  conflictOfInterest?: ConflictOfInterestDto | null;
}

/** Fields a vendor edits; all optional (a draft may be incomplete: P3 is checked when given, P5–P6 at submission). */
export class ProposalContentDto {
  @ApiPropertyOptional({
    type: [CriterionResponseDto],
    description: 'Au PATCH : fusionnées par critère (une réponse remplace celle du même critère)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => CriterionResponseDto)
  responses?: CriterionResponseDto[];

  @ApiPropertyOptional({
    description: 'Prix en cents, taxes exclues : 0 < prix ≤ valeur estimée (P3). Sous enveloppe scellée.',
  })
  @IsOptional()
  @IsInt()
  priceCents?: number;

  @ApiPropertyOptional({ type: AttestationsDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AttestationsDto)
  attestations?: AttestationsDto;
}

export class CreateProposalDto extends ProposalContentDto {
  @ApiProperty({ description: 'Organisation fournisseuse dont l’appelant est membre' })
  @IsDefined({ message: 'champ obligatoire' })
  @IsUUID('all', { message: 'identifiant invalide' })
  vendorId: string;
}

export class UpdateProposalDto extends ProposalContentDto {}

export class SubmitProposalDto {
  @ApiPropertyOptional({
    description: 'Version que le fournisseur a relue : si la proposition a changé depuis, 409 CONFLICT',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}
