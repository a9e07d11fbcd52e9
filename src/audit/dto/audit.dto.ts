import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageOf, PageQuery } from '../../common/util/pagination';

export class AuditEventsQuery extends PageQuery {
  @ApiPropertyOptional({ description: "Identifiant de l'entité concernée" })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityId?: string;

  @ApiPropertyOptional({ description: 'Depuis (ISO 8601, inclus)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: "Jusqu'à (ISO 8601, exclu)" })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class AuditEventDto {
  @ApiProperty() seq: number;
  @ApiProperty() occurredAt: string;
  @ApiProperty({ type: String, nullable: true }) actorId: string | null;
  @ApiProperty({ type: String, nullable: true }) actorRole: string | null;
  @ApiProperty() action: string;
  @ApiProperty() entityType: string;
  @ApiProperty({ type: String, nullable: true }) entityId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) data: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true }) requestId: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Empreinte de l’événement précédent ; null quand celui-ci vous est caché ou expurgé. / Previous event’s hash; null when that event is hidden or redacted for you.',
  })
  prevHash: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Empreinte ; null quand des données scellées sont retirées (elle permettrait de vérifier une supposition). / Hash; null when sealed data was removed (it would confirm a guess).',
  })
  hash: string | null;
}

export class AuditEventPage extends PageOf(AuditEventDto) {}

export class AuditVerificationDto {
  @ApiProperty({ description: 'La chaîne est intacte' }) valid: boolean;
  @ApiProperty({ description: "Nombre d'événements vérifiés" }) checked: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Premier événement rompu, le cas échéant' })
  firstBrokenSeq: number | null;
}
