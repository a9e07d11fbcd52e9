import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ROLES, type Role } from '../../common/auth/roles';
import { Trim } from '../../common/http/dto-transforms';
import { PageOf, PageQuery } from '../../common/util/pagination';

export class UsersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ROLES, description: 'Rôle des comptes / role of the accounts' })
  @IsOptional()
  @IsIn(ROLES, { message: `le rôle doit être l'un de : ${ROLES.join(', ')}` })
  role?: Role;

  @ApiPropertyOptional({ format: 'uuid', description: 'Organisme public des acheteurs / buyers’ public body' })
  @IsOptional()
  @IsUUID('all', { message: 'identifiant invalide' })
  publicBodyId?: string;

  @ApiPropertyOptional({
    description: 'Partie de l’adresse courriel (sans égard à la casse) / part of the e-mail address',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(254)
  email?: string;
}

/** An account as an admin (or auditor) sees it in the list. */
export class UserListItem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES }) role: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) publicBodyId: string | null;
  @ApiProperty({ enum: ['fr', 'en'] }) preferredLanguage: string;
  @ApiProperty({ description: 'Compte actif (un compte désactivé ne peut plus rien faire)' }) active: boolean;
  @ApiProperty({ description: 'Adresse courriel confirmée' }) emailVerified: boolean;
  @ApiProperty({ description: 'Créé le (ISO 8601)' }) createdAt: string;
}

export class UserPage extends PageOf(UserListItem) {}

export class EvaluatorQuery extends PageQuery {
  @ApiPropertyOptional({
    description:
      'Partie du nom de la personne ou du sigle de son organisme / part of the name or of the body’s acronym',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class EvaluatorBodyView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() acronym: string;
  @ApiProperty() nameFr: string;
  @ApiProperty({ nullable: true, type: String }) nameEn: string | null;
}

/** Someone a buyer may appoint to a committee: name, body, role; nothing more (no e-mail). */
export class EvaluatorCandidate {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['buyer', 'evaluator'] }) role: string;
  @ApiProperty({
    type: EvaluatorBodyView,
    nullable: true,
    description: 'Organisme public (acheteurs) ; null pour un évaluateur externe',
  })
  publicBody: EvaluatorBodyView | null;
}

export class EvaluatorPage extends PageOf(EvaluatorCandidate) {}

export class VerifyEmailDto {
  @ApiProperty({ description: 'Jeton reçu par courriel (après #token= dans le lien)' })
  @IsString()
  @MaxLength(200)
  token: string;
}

export class VerifiedView {
  @ApiProperty({ enum: [true] }) verified: true;
}

export class SentView {
  @ApiProperty({ enum: [true] }) sent: true;
}
