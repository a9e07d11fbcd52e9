import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { ADMIN_CREATED_ROLES, AdminCreatedRole } from '../../common/auth/roles';
import { NormalizeEmail, Trim } from '../../common/http/dto-transforms';
import { PASSWORD_MIN } from '../../auth/dto/auth.dto';

export class CreateUserDto {
  @ApiProperty({ description: 'Adresse courriel' })
  @NormalizeEmail()
  @IsEmail({}, { message: 'adresse courriel invalide' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ description: 'Nom complet' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ description: 'Rôle du compte', enum: ADMIN_CREATED_ROLES })
  @IsIn(ADMIN_CREATED_ROLES, { message: `le rôle doit être l'un de : ${ADMIN_CREATED_ROLES.join(', ')}` })
  role: AdminCreatedRole;

  @ApiPropertyOptional({
    description: 'Organisme public (obligatoire pour un acheteur, interdit autrement)',
    format: 'uuid',
  })
  @IsOptional()
  @IsUUID('all', { message: 'identifiant invalide' })
  publicBodyId?: string;

  @ApiProperty({ description: `Mot de passe initial (au moins ${PASSWORD_MIN} caractères)` })
  @IsString()
  @MinLength(PASSWORD_MIN, { message: `le mot de passe doit compter au moins ${PASSWORD_MIN} caractères` })
  @MaxLength(200)
  password: string;

  @ApiPropertyOptional({ enum: ['fr', 'en'], default: 'fr', description: 'Langue préférée pour les courriels' })
  @IsOptional()
  @IsIn(['fr', 'en'])
  preferredLanguage?: 'fr' | 'en';
}

export class AccountDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['admin', 'buyer', 'vendor', 'auditor', 'evaluator'] }) role: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) publicBodyId?: string | null;
  @ApiProperty({ enum: ['fr', 'en'] }) preferredLanguage: string;
}

export class MembershipDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['owner', 'member'] }) role: string;
}

export class MeDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty() role: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) publicBodyId?: string | null;
  @ApiProperty({ enum: ['fr', 'en'] }) preferredLanguage: string;
  @ApiProperty({ description: 'Adresse courriel confirmée (un fournisseur inscrit doit la confirmer pour déposer)' })
  emailVerified: boolean;
  @ApiProperty({ type: [MembershipDto] }) vendorOrganizations: MembershipDto[];
}

export class AccountStatusView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Compte actif' }) active: boolean;
}
