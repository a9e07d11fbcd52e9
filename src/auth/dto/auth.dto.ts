import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { NormalizeEmail, Trim } from '../../common/http/dto-transforms';

export const PASSWORD_MIN = 12;

export class RegisterDto {
  @ApiProperty({ description: 'Adresse courriel (identifiant de connexion)', example: 'marie@exemple.quebec' })
  @NormalizeEmail()
  @IsEmail({}, { message: 'adresse courriel invalide' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ description: `Mot de passe (au moins ${PASSWORD_MIN} caractères)`, minLength: PASSWORD_MIN })
  @IsString()
  @MinLength(PASSWORD_MIN, { message: `le mot de passe doit compter au moins ${PASSWORD_MIN} caractères` })
  @MaxLength(200)
  password: string;

  @ApiProperty({ description: 'Nom complet', example: 'Marie Tremblay' })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'le nom est obligatoire' })
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ description: 'Langue préférée pour les courriels', enum: ['fr', 'en'], default: 'fr' })
  @IsOptional()
  @IsIn(['fr', 'en'])
  preferredLanguage?: 'fr' | 'en';
}

export class LoginDto {
  @ApiProperty({ description: 'Adresse courriel' })
  @NormalizeEmail()
  @IsEmail({}, { message: 'adresse courriel invalide' })
  email: string;

  @ApiProperty({ description: 'Mot de passe' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  password: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'Jeton de rafraîchissement reçu à la connexion ou au dernier rafraîchissement' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  refreshToken: string;
}

export class UserSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['admin', 'buyer', 'vendor', 'auditor', 'evaluator'] }) role: string;
}

export class TokenPairDto {
  @ApiProperty({ description: "Jeton d'accès JWT (Bearer), valide 15 minutes" }) accessToken: string;
  @ApiProperty({ description: 'Jeton de rafraîchissement à usage unique' }) refreshToken: string;
  @ApiProperty({ description: "Durée de validité du jeton d'accès, en secondes" }) expiresIn: number;
  @ApiProperty({ type: UserSummaryDto }) user: UserSummaryDto;
}

export class PasswordResetRequestDto {
  @ApiProperty({ description: 'Adresse courriel du compte' })
  @NormalizeEmail()
  @IsEmail({}, { message: 'adresse courriel invalide' })
  @MaxLength(254)
  email: string;
}

export class PasswordResetDto {
  @ApiProperty({ description: 'Jeton reçu par courriel (après #token= dans le lien)' })
  @IsString()
  @MaxLength(200)
  token: string;

  @ApiProperty({ description: `Nouveau mot de passe (au moins ${PASSWORD_MIN} caractères)`, minLength: PASSWORD_MIN })
  @IsString()
  @MinLength(PASSWORD_MIN, { message: `le mot de passe doit compter au moins ${PASSWORD_MIN} caractères` })
  @MaxLength(200)
  password: string;
}

export class ChangePasswordDto {
  @ApiProperty({ description: 'Mot de passe actuel' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  currentPassword: string;

  @ApiProperty({ description: `Nouveau mot de passe (au moins ${PASSWORD_MIN} caractères)`, minLength: PASSWORD_MIN })
  @IsString()
  @MinLength(PASSWORD_MIN, { message: `le mot de passe doit compter au moins ${PASSWORD_MIN} caractères` })
  @MaxLength(200)
  newPassword: string;
}

export class AcceptedView {
  @ApiProperty({ description: 'Message à afficher (identique que le compte existe ou non)' }) message: string;
}
