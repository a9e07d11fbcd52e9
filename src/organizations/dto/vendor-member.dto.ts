import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, MaxLength } from 'class-validator';
import { NormalizeEmail } from '../../common/http/dto-transforms';
import { MEMBER_ROLES, MemberRole } from '../entities/vendor-membership.entity';

const ROLE_MESSAGE = `rôle inconnu (attendu : ${MEMBER_ROLES.join(', ')})`;

export class AddMemberDto {
  @ApiProperty({
    description:
      'Adresse courriel de la personne invitée (un compte fournisseur avec cette adresse accepte l’invitation)',
    example: 'jean@boreal.quebec',
  })
  @NormalizeEmail()
  @IsEmail({}, { message: 'adresse courriel invalide' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ description: 'Rôle dans l’organisation', enum: MEMBER_ROLES })
  @IsIn(MEMBER_ROLES, { message: ROLE_MESSAGE })
  role: MemberRole;
}

export class ChangeMemberRoleDto {
  @ApiProperty({ description: 'Nouveau rôle dans l’organisation', enum: MEMBER_ROLES })
  @IsIn(MEMBER_ROLES, { message: ROLE_MESSAGE })
  role: MemberRole;
}

export class MemberView {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: MEMBER_ROLES }) role: string;
}

/** A membership row joined with its account (see VendorMembersService.listMembers). */
export interface MemberRow {
  user_id: string;
  name: string;
  email: string;
  role: MemberRole;
}

export function toMemberView(row: MemberRow): MemberView {
  return { userId: row.user_id, name: row.name, email: row.email, role: row.role };
}

export class InvitationView {
  @ApiProperty({ format: 'uuid' }) invitationId: string;
  @ApiProperty({ format: 'uuid' }) vendorId: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: MEMBER_ROLES }) role: string;
  @ApiProperty({ enum: ['pending'] }) status: 'pending';
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class MyInvitationView {
  @ApiProperty({ format: 'uuid' }) invitationId: string;
  @ApiProperty({ format: 'uuid' }) vendorId: string;
  @ApiProperty() legalName: string;
  @ApiProperty({ enum: MEMBER_ROLES }) role: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}
