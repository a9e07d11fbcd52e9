import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, IsUUID, MaxLength } from 'class-validator';
import { Trim } from '../../../common/http/dto-transforms';

export class AwardDto {
  @ApiProperty({ format: 'uuid', description: 'La proposition au premier rang (ou gagnante du tirage au sort)' })
  @IsUUID('all', { message: 'identifiant de proposition invalide' })
  proposalId: string;
}

export class ConcludeWithoutAwardDto {
  @ApiProperty({ description: 'Motif de la conclusion sans adjudication (public, transmis aux soumissionnaires)' })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'un motif est requis' })
  @MaxLength(5000)
  reason: string;
}

export class AwardView {
  @ApiProperty({ format: 'uuid' }) contractId: string;
  @ApiProperty({ example: 'C-2027-0001' }) contractReference: string;
}

export class ConcludedView {
  @ApiProperty({ format: 'uuid' }) opportunityId: string;
  @ApiProperty({ example: 'UNSUCCESSFUL' }) status: 'UNSUCCESSFUL';
  @ApiProperty() reason: string;
  @ApiProperty() concludedAt: string;
}

export class WinnerResultView {
  @ApiProperty() vendorName: string;
  @ApiProperty({ type: String, nullable: true, description: 'Q, texte décimal à 2 décimales' }) qualityScore:
    string | null;
  @ApiProperty() priceCents: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Prix ajusté ; null pour la méthode du prix le plus bas' })
  adjustedPriceCents: number | null;
}

export class CriterionScoreView {
  @ApiProperty({ format: 'uuid' }) criterionId: string;
  @ApiProperty({ description: 'Note consensuelle du comité, texte décimal ("85.00")' }) score: string;
}

export class ProposalResultView {
  @ApiProperty({ format: 'uuid' }) proposalId: string;
  @ApiProperty({ format: 'uuid' }) opportunityId: string;
  @ApiProperty({ description: 'AWARDED, NOT_AWARDED, NOT_ACCEPTABLE ou DISQUALIFIED' }) status: string;
  @ApiProperty({ type: String, nullable: true, description: 'Votre note de qualité Q' }) qualityScore: string | null;
  @ApiProperty({ description: 'Votre prix' }) priceCents: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Votre prix ajusté ; null si non acceptable, disqualifiée ou méthode du prix le plus bas',
  })
  adjustedPriceCents: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Votre rang ; null si non acceptable ou disqualifiée' })
  rank: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'Motif, si la proposition a été disqualifiée' })
  disqualificationReason: string | null;
  @ApiProperty({
    type: [CriterionScoreView],
    description: 'Vos notes consensuelles, critère par critère (vide si aucune)',
  })
  criterionScores: CriterionScoreView[];
  @ApiProperty({
    type: WinnerResultView,
    nullable: true,
    description: 'null lorsque l’appel d’offres s’est conclu sans adjudication',
  })
  winner: WinnerResultView | null;
}
