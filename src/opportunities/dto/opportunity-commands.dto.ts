import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Trim } from '../../common/http/dto-transforms';
import { IsInstant, LongTextDto, TextDto } from './opportunity-input.dto';

export class ReturnToDraftDto {
  @ApiProperty({ description: 'Commentaire de la révision, transmis à l’organisme public (conservé et journalisé)' })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'un commentaire est requis' })
  @MaxLength(5000)
  comment: string;
}

export class PublishDto {
  @ApiPropertyOptional({
    description:
      'Justification exigée lorsque l’organisme a déjà publié, dans la fenêtre anti-fractionnement, des opportunités pour le même projet ' +
      'dont la valeur cumulée avec celle-ci atteint le plafond (sinon 422 POSSIBLE_SPLITTING) ; conservée et journalisée',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'la justification ne peut pas être vide' })
  @MaxLength(5000)
  splittingJustification?: string;
}

export class CancelDto {
  @ApiProperty({ description: 'Motif de l’annulation (public, transmis aux abonnés)' })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'un motif est requis' })
  @MaxLength(5000)
  reason: string;
}

export class CreateAddendumDto {
  @ApiProperty({ description: 'Texte de l’addenda (Markdown, français obligatoire)', type: LongTextDto })
  @IsDefined({ message: 'champ obligatoire' })
  @IsObject()
  @ValidateNested()
  @Type(() => LongTextDto)
  body: LongTextDto;

  @ApiPropertyOptional({
    description: 'Nouvelle date limite de dépôt ; jamais plus tôt que l’actuelle (422 DEADLINE_CANNOT_SHRINK)',
    example: '2027-01-27T14:00:00-05:00',
  })
  @IsOptional()
  @IsInstant()
  newProposalDeadline?: string;

  @ApiProperty({
    description:
      'L’addenda touche le prix : s’il reste moins de ADDENDUM_MIN_DAYS jours, la date limite est reportée à exactement maintenant + ADDENDUM_MIN_DAYS jours',
  })
  @IsBoolean()
  affectsPrice: boolean;
}

export class AskQuestionDto {
  @ApiProperty({
    description: 'La question ; elle sera publiée avec sa réponse, sans le nom de la personne qui l’a posée',
  })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'la question ne peut pas être vide' })
  @MaxLength(5000)
  question: string;
}

export class AnswerQuestionDto {
  @ApiProperty({ description: 'La réponse, publiée à tous (français obligatoire)', type: TextDto })
  @IsDefined({ message: 'champ obligatoire' })
  @IsObject()
  @ValidateNested()
  @Type(() => TextDto)
  answer: TextDto;
}

export class InviteVendorsDto {
  @ApiProperty({ description: 'Organisations fournisseurs invitées (identifiants)', type: [String], format: 'uuid' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true, message: 'identifiant invalide' })
  vendorIds: string[];
}

export class NotificationPreferencesDto {
  @ApiProperty({ description: 'Recevoir un courriel à chaque nouvelle opportunité publique' })
  @IsBoolean()
  newOpportunities: boolean;
}
