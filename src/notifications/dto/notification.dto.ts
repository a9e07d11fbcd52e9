import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageOf, PageQuery } from '../../common/util/pagination';
import { Notification, NOTIFICATION_STATUSES, NotificationStatus } from '../entities/notification.entity';

export class NotificationsQuery extends PageQuery {
  @ApiPropertyOptional({ description: "Identifiant de l'entité concernée (p. ex. l'appel d'offres)" })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityId?: string;

  @ApiPropertyOptional({ description: 'Destinataire : adresse courriel ou identifiant du compte' })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  recipient?: string;

  @ApiPropertyOptional({ enum: NOTIFICATION_STATUSES })
  @IsOptional()
  @IsIn(NOTIFICATION_STATUSES)
  status?: NotificationStatus;
}

/** One e-mail: who, what, when, status. The template's data stays out of the listing. */
export class NotificationDto {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) recipientUserId: string | null;
  @ApiProperty() recipientEmail: string;
  @ApiProperty({ enum: ['fr', 'en'] }) language: 'fr' | 'en';
  @ApiProperty({ description: 'Modèle, p. ex. opportunity-published' }) template: string;
  @ApiProperty({ nullable: true, type: String }) entityType: string | null;
  @ApiProperty({ nullable: true, type: String }) entityId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Objet, une fois le courriel composé' }) subject:
    string | null;
  @ApiProperty({ enum: NOTIFICATION_STATUSES }) status: NotificationStatus;
  @ApiProperty({ description: "Tentatives d'envoi" }) attempts: number;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty({ nullable: true, type: String }) messageId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Remarque sur la remise (p. ex. sans SMTP)' }) note:
    string | null;
  @ApiProperty({ description: 'Mis en file (ISO 8601)' }) createdAt: string;
  @ApiProperty({ nullable: true, type: String, description: 'Envoyé (ISO 8601, horloge de la base)' }) sentAt:
    string | null;
}

export class NotificationPage extends PageOf(NotificationDto) {}

export function toNotificationDto(n: Notification): NotificationDto {
  return {
    id: n.id,
    recipientUserId: n.recipientUserId,
    recipientEmail: n.recipientEmail,
    language: n.language,
    template: n.template,
    entityType: n.entityType,
    entityId: n.entityId,
    subject: n.subject,
    status: n.status,
    attempts: n.attempts,
    lastError: n.lastError,
    messageId: n.messageId,
    note: n.note,
    createdAt: n.createdAt.toISOString(),
    sentAt: n.sentAt?.toISOString() ?? null,
  };
}
