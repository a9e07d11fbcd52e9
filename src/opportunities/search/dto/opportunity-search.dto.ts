import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidationArguments,
} from 'class-validator';
import { PageQuery } from '../../../common/util/pagination';
import { LISTABLE_STATUSES, ListableStatus, SEARCH_SORTS, SearchSort, SearchRow } from '../opportunity-search.sql';

const INT4_MAX = 2_147_483_647;

/** `a,b` and repeated parameters (`?skill=a&skill=b`) both give a list; blanks are dropped. */
const toList = ({ value }: { value: unknown }) => {
  if (value === undefined || value === null) return undefined;
  const list = (Array.isArray(value) ? value : [value]).flatMap((v) => (typeof v === 'string' ? v.split(',') : [v]));
  const items = list.map((v) => (typeof v === 'string' ? v.trim() : v)).filter((v) => v !== '');
  return items.length ? items : undefined;
};
const blankToUndefined = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.trim();
  return v === '' ? undefined : v;
};

/** A calendar day, or a date-time that says its offset (never a local time without zone). */
const DAY_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const DAY_OR_INSTANT_MESSAGE = 'date (AAAA-MM-JJ) ou date-heure avec fuseau (ex. 2027-01-20T14:00:00-05:00) attendue';

export class OpportunitySearchQuery extends PageQuery {
  @ApiPropertyOptional({
    description:
      'Statut effectif (plusieurs valeurs séparées par des virgules). Une opportunité publiée dont la date limite est passée a le statut EVALUATION.',
    enum: LISTABLE_STATUSES,
    isArray: true,
  })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @ArrayMaxSize(LISTABLE_STATUSES.length)
  @IsIn(LISTABLE_STATUSES, { each: true, message: `statut non permis (valeurs : ${LISTABLE_STATUSES.join(', ')})` })
  status?: ListableStatus[];

  @ApiPropertyOptional({
    description:
      'Recherche plein texte en français, insensible aux accents et à la casse (« "…" » pour une expression, « or », « -mot »).',
    example: 'développement web',
    maxLength: 200,
  })
  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'Organisme public', format: 'uuid' })
  @IsOptional()
  @IsUUID(undefined, { message: 'identifiant invalide' })
  publicBodyId?: string;

  @ApiPropertyOptional({
    description:
      'Compétence, sans égard à la casse ; plusieurs valeurs (séparées par des virgules ou répétées) sont toutes exigées.',
    type: [String],
    example: 'TypeScript',
  })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  skill?: string[];

  @ApiPropertyOptional({ description: 'Valeur estimée minimale, en cents', minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(INT4_MAX)
  minValueCents?: number;

  @ApiPropertyOptional({ description: 'Valeur estimée maximale, en cents (≥ minValueCents)', minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(INT4_MAX)
  @ValidateBy(
    {
      name: 'notBelowMinValue',
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => {
          const min = (args?.object as OpportunitySearchQuery | undefined)?.minValueCents;
          return typeof value !== 'number' || typeof min !== 'number' || value >= min;
        },
      },
    },
    { message: 'doit être supérieure ou égale à minValueCents' },
  )
  maxValueCents?: number;

  @ApiPropertyOptional({
    description:
      'Date limite de dépôt au plus tôt (incluse) : date (minuit, heure de Montréal) ou date-heure avec fuseau',
    example: '2027-01-01',
  })
  @IsOptional()
  @IsString()
  @Matches(DAY_OR_INSTANT, { message: DAY_OR_INSTANT_MESSAGE })
  @IsISO8601({ strict: true }, { message: 'date invalide' })
  closingAfter?: string;

  @ApiPropertyOptional({
    description:
      'Date limite de dépôt strictement antérieure à : date (minuit, heure de Montréal) ou date-heure avec fuseau',
    example: '2027-02-01T00:00:00-05:00',
  })
  @IsOptional()
  @IsString()
  @Matches(DAY_OR_INSTANT, { message: DAY_OR_INSTANT_MESSAGE })
  @IsISO8601({ strict: true }, { message: 'date invalide' })
  closingBefore?: string;

  @ApiPropertyOptional({
    description:
      'Tri : deadline (date limite croissante), -publishedAt (plus récentes d’abord), value (valeur croissante). Par défaut : pertinence avec q, sinon -publishedAt.',
    enum: SEARCH_SORTS,
  })
  @IsOptional()
  @IsIn(SEARCH_SORTS, { message: `tri non permis (valeurs : ${SEARCH_SORTS.join(', ')})` })
  sort?: SearchSort;
}

export class I18nTextView {
  @ApiProperty() fr: string;
  @ApiProperty({ type: String, nullable: true }) en: string | null;
}

export class OpportunityPublicBodyView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: I18nTextView }) name: I18nTextView;
  @ApiProperty() acronym: string;
}

export class OpportunitySummaryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'EEC-2026-0042' }) reference: string;
  @ApiProperty({ type: I18nTextView }) title: I18nTextView;
  @ApiProperty({ type: I18nTextView }) summary: I18nTextView;
  @ApiProperty({ type: OpportunityPublicBodyView }) publicBody: OpportunityPublicBodyView;
  @ApiProperty({ type: [String] }) skills: string[];
  @ApiProperty({ description: 'En cents, taxes exclues, options comprises' }) estimatedValueCents: number;
  @ApiProperty({ enum: ['public', 'invitation'] }) procurementMode: 'public' | 'invitation';
  @ApiProperty({ enum: ['adjusted_price', 'min_quality_lowest_price'] }) evaluationMethod:
    'adjusted_price' | 'min_quality_lowest_price';
  @ApiProperty({ enum: LISTABLE_STATUSES, description: 'Statut effectif' }) status: ListableStatus;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) publishedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) proposalDeadline: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) questionsDeadline: string | null;
}

export class OpportunitySearchPage {
  @ApiProperty({ type: [OpportunitySummaryView] }) items: OpportunitySummaryView[];
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty({
    description:
      'Nombre de résultats : exact jusqu’à 1 000, estimé au-delà (voir totalIsEstimate). / Number of results: exact up to 1,000, estimated beyond (see totalIsEstimate).',
  })
  total: number;
  @ApiProperty({
    description:
      'Vrai si total est une estimation (plus de 1 000 résultats sans recherche plein texte). / True when total is an estimate (more than 1,000 results).',
  })
  totalIsEstimate: boolean;
}

const text = (t: { fr: string; en?: string | null }): I18nTextView => ({ fr: t.fr, en: t.en ?? null });
const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toOpportunitySummaryView(row: SearchRow): OpportunitySummaryView {
  return {
    id: row.id,
    reference: row.reference,
    title: text(row.title),
    summary: text(row.summary),
    publicBody: {
      id: row.public_body_id,
      name: { fr: row.public_body_name_fr, en: row.public_body_name_en },
      acronym: row.public_body_acronym,
    },
    skills: row.skills,
    estimatedValueCents: row.estimated_value_cents,
    procurementMode: row.procurement_mode,
    evaluationMethod: row.evaluation_method,
    status: row.status,
    publishedAt: iso(row.published_at),
    proposalDeadline: iso(row.proposal_deadline),
    questionsDeadline: iso(row.questions_deadline),
  };
}
