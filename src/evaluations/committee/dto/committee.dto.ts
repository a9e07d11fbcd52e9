import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, Equals, IsArray, IsBoolean, IsUUID } from 'class-validator';

export class ReplaceCommitteeDto {
  @ApiProperty({ description: 'Compte du secrétaire : un acheteur de l’organisme public responsable' })
  @IsUUID('all', { message: 'identifiant de secrétaire invalide' })
  secretaryId: string;

  @ApiProperty({
    type: [String],
    description: 'Comptes des évaluateurs : acheteurs (de tout organisme) ou comptes d’évaluateur externe',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true, message: 'identifiant d’évaluateur invalide' })
  evaluatorIds: string[];
}

export class SignDeclarationDto {
  @ApiProperty({ description: 'Engagement de confidentialité ; doit valoir true', enum: [true] })
  @IsBoolean()
  @Equals(true, { message: 'l’engagement de confidentialité doit être accepté' })
  confidentiality: boolean;

  @ApiProperty({
    type: [String],
    description: 'Organisations fournisseurs avec lesquelles vous êtes en conflit d’intérêts',
  })
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true, message: 'identifiant d’organisation invalide' })
  conflictWithVendorIds: string[];
}

export class CommitteeEvaluatorView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Déclaration signée' }) signed: boolean;
  @ApiProperty({
    nullable: true,
    type: Boolean,
    description:
      'Récusé. null après la date limite pour qui ne connaît que le nombre de propositions (acheteurs hors comité, administrateurs jusqu’à l’adjudication) : une récusation dirait quel fournisseur a soumis. / Recused; null where the reader may not know who bid.',
  })
  recused: boolean | null;
}

export class CommitteeView {
  @ApiProperty() opportunityId: string;
  @ApiProperty({ nullable: true, type: String }) secretaryId: string | null;
  @ApiProperty({ nullable: true, type: String }) secretaryName: string | null;
  @ApiProperty({ type: [CommitteeEvaluatorView] }) evaluators: CommitteeEvaluatorView[];
  @ApiProperty({
    nullable: true,
    type: Boolean,
    description:
      'Moins d’évaluateurs non récusés que COMMITTEE_MIN_EVALUATORS ; null comme « recused ». / Fewer non-recused evaluators than the minimum; null like « recused ».',
  })
  evaluationBlocked: boolean | null;
  @ApiProperty() minEvaluators: number;
}

export class DeclarationView {
  @ApiProperty() signedAt: string;
  @ApiProperty() recused: boolean;
}
