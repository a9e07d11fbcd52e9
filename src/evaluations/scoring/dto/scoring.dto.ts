import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';

export class IndividualScoreDto {
  @ApiProperty()
  @IsUUID('all', { message: 'identifiant de critère invalide' })
  criterionId: string;

  @ApiProperty({ description: '0 à 100, au plus 2 décimales', oneOf: [{ type: 'number' }, { type: 'string' }] })
  @IsDefined({ message: 'champ obligatoire' })
  score: number | string;

  @ApiProperty()
  @IsString()
  @MaxLength(5000)
  comment: string;
}

export class SubmitScoresDto {
  @ApiProperty({ type: [IndividualScoreDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => IndividualScoreDto)
  scores: IndividualScoreDto[];
}

export class ConsensusScoreDto {
  @ApiProperty()
  @IsUUID('all', { message: 'identifiant de critère invalide' })
  criterionId: string;

  @ApiProperty({ description: '0 à 100, au plus 2 décimales', oneOf: [{ type: 'number' }, { type: 'string' }] })
  @IsDefined({ message: 'champ obligatoire' })
  score: number | string;

  @ApiProperty()
  @IsString()
  @MinLength(1, { message: 'la justification est obligatoire' })
  @MaxLength(10000)
  rationale: string;
}

export class RecordConsensusDto {
  @ApiProperty({ type: [ConsensusScoreDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ConsensusScoreDto)
  scores: ConsensusScoreDto[];
}

export class DisqualifyDto {
  @ApiProperty()
  @IsString()
  @MinLength(3, { message: 'le motif est obligatoire' })
  @MaxLength(5000)
  reason: string;
}

export class ScoreView {
  @ApiProperty() evaluatorId: string;
  @ApiProperty() evaluatorName: string;
  @ApiProperty() criterionId: string;
  @ApiProperty({ description: 'Texte décimal, ex. "85.50"' }) score: string;
  @ApiProperty() comment: string;
  @ApiProperty() submittedAt: string;
}

export class CriterionAverageView {
  @ApiProperty() criterionId: string;
  @ApiProperty({
    description: 'Moyenne des notes individuelles, arrondie à 2 décimales (indication pour le consensus)',
  })
  average: string;
  @ApiProperty() count: number;
}

export class ScoresView {
  @ApiProperty() proposalId: string;
  @ApiProperty({ description: 'Vrai quand seules vos notes sont montrées (vous n’avez pas encore soumis les vôtres)' })
  blind: boolean;
  @ApiProperty({ type: [ScoreView] }) items: ScoreView[];
  @ApiProperty({ type: [CriterionAverageView], nullable: true, description: 'Secrétaire seulement' }) averages:
    CriterionAverageView[] | null;
}

export class QualityScoreView {
  @ApiProperty({ description: 'Q, texte décimal à 2 décimales' }) qualityScore: string;
}

export class DisqualifiedView {
  @ApiProperty() proposalId: string;
  @ApiProperty() status: string;
  @ApiProperty() reason: string;
}
