import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

/** A date (YYYY-MM-DD) or a date-time with offset (ISO 8601). */
const ISO_DATE_OR_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const ISO_MESSAGE = 'doit être une date AAAA-MM-JJ ou une date-heure ISO 8601 avec fuseau';

export class ReleasesExportQuery {
  @ApiPropertyOptional({
    description: 'Début (inclus) : date AAAA-MM-JJ (minuit, heure de Montréal) ou date-heure ISO 8601',
    example: '2026-04-01',
  })
  @IsOptional()
  @Matches(ISO_DATE_OR_TIME, { message: ISO_MESSAGE })
  from?: string;

  @ApiPropertyOptional({
    description: 'Fin : date AAAA-MM-JJ (ce jour inclus, heure de Montréal) ou date-heure ISO 8601 (exclue)',
    example: '2027-03-31',
  })
  @IsOptional()
  @Matches(ISO_DATE_OR_TIME, { message: ISO_MESSAGE })
  to?: string;
}

export class ContractsExportQuery {
  @ApiProperty({ description: 'Année financière : 2026 = du 1er avril 2026 au 31 mars 2027', example: 2026 })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2999)
  fiscalYear: number;
}
