import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Trim } from '../../common/http/dto-transforms';
import { PageOf, PageQuery } from '../../common/util/pagination';
import { IsCalendarDate } from '../../common/util/calendar-date';
import { NEQ_PATTERN } from '../organizations.rules';
import { IneligibleEnterprise } from '../entities/ineligible-enterprise.entity';

const NEQ_MESSAGE = 'le NEQ doit compter exactement 10 chiffres';

export class CreateIneligibleEnterpriseDto {
  @ApiProperty({ description: 'NEQ de l’entreprise non admissible (10 chiffres)', example: '1171234567' })
  @Trim()
  @IsString({ message: NEQ_MESSAGE })
  @Matches(NEQ_PATTERN, { message: NEQ_MESSAGE })
  neq: string;

  @ApiProperty({ description: 'Nom de l’entreprise tel qu’inscrit au registre' })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'le nom est obligatoire' })
  @MaxLength(300)
  name: string;

  @ApiProperty({
    description: 'Premier jour de non-admissibilité, inclus (AAAA-MM-JJ, heure de Montréal)',
    example: '2026-01-15',
  })
  @IsCalendarDate()
  effectiveFrom: string;

  @ApiPropertyOptional({
    description: 'Dernier jour de non-admissibilité, inclus (AAAA-MM-JJ) ; absent : sans date de fin',
    example: '2028-01-14',
  })
  @IsOptional()
  @IsCalendarDate()
  effectiveTo?: string;
}

export class IneligibleEnterpriseQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Filtrer sur un NEQ (10 chiffres)' })
  @IsOptional()
  @Trim()
  @IsString({ message: NEQ_MESSAGE })
  @Matches(NEQ_PATTERN, { message: NEQ_MESSAGE })
  neq?: string;
}

export class IneligibleEnterpriseView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() neq: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: '2026-01-15' }) effectiveFrom: string;
  @ApiProperty({ type: String, nullable: true, example: null }) effectiveTo: string | null;
  @ApiProperty({ description: 'Inscription en vigueur aujourd’hui (horloge de la base, heure de Montréal)' })
  inEffect: boolean;
  @ApiProperty() createdAt: string;
}

export class IneligibleEnterprisePage extends PageOf(IneligibleEnterpriseView) {}

export function toIneligibleView(row: IneligibleEnterprise, inEffect: boolean): IneligibleEnterpriseView {
  return {
    id: row.id,
    neq: row.neq,
    name: row.name,
    effectiveFrom: row.effectiveFrom,
    effectiveTo: row.effectiveTo,
    inEffect,
    createdAt: row.createdAt.toISOString(),
  };
}
