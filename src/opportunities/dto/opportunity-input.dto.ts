import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  ValidationArguments,
} from 'class-validator';
import { Trim } from '../../common/http/dto-transforms';
import { isCalendarDate, IsCalendarDate } from '../../common/util/calendar-date';
import { isForgeGroupPath } from '../../organizations/organizations.rules';
import {
  EVALUATION_METHODS,
  EvaluationMethod,
  PROCUREMENT_MODES,
  ProcurementMode,
} from '../entities/opportunity.entity';
import { LICENSE_ALLOW_LIST } from '../opportunities.rules';

// ─── Texts {fr, en?} ────────────────────────────────────────────────────────────────

const FrText = (max: number) =>
  applyDecorators(
    ApiProperty({ description: 'Texte en français (obligatoire)', maxLength: max }),
    Trim(),
    IsString(),
    IsNotEmpty({ message: 'le texte français est obligatoire' }),
    MaxLength(max),
  );
const EnText = (max: number) =>
  applyDecorators(
    ApiPropertyOptional({ description: 'Texte en anglais (facultatif)', type: String, maxLength: max, nullable: true }),
    IsOptional(),
    Trim(),
    IsString(),
    MaxLength(max),
  );

/** A short public text (titles). */
export class ShortTextDto {
  @FrText(300) fr: string;
  @EnText(300) en?: string | null;
}

/** A public text of moderate length (summaries, criteria, questions’ answers, reasons). */
export class TextDto {
  @FrText(5000) fr: string;
  @EnText(5000) en?: string | null;
}

/** A long public text in Markdown (descriptions, addenda). */
export class LongTextDto {
  @FrText(50_000) fr: string;
  @EnText(50_000) en?: string | null;
}

// ─── Criteria ───────────────────────────────────────────────────────────────────────

export class CriterionDto {
  @ApiProperty({ description: 'Intitulé du critère', type: ShortTextDto })
  @IsDefined({ message: 'champ obligatoire' })
  @IsObject()
  @ValidateNested()
  @Type(() => ShortTextDto)
  title: ShortTextDto;

  @ApiPropertyOptional({
    description: 'Description du critère (ce qui est attendu, comment il est évalué)',
    type: TextDto,
    nullable: true,
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => TextDto)
  description?: TextDto | null;

  @ApiProperty({
    description:
      'Pondération en pour cent : supérieure à 0, au plus 2 décimales ; la somme des pondérations vaut exactement 100 (sinon 422 INVALID_CRITERIA)',
    example: 40,
  })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'la pondération doit être un nombre' })
  weight: number;

  @ApiPropertyOptional({
    description: 'Critère éliminatoire : la note de consensus doit y atteindre 70',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  minimumRequired?: boolean;
}

// ─── Field decorators shared by create and edit ─────────────────────────────────────

const ISO_WITH_OFFSET = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})$/;
/** No deadline of this marketplace can precede the Unix epoch; older years are typing errors (0000…). */
const FIRST_INSTANT_YEAR = 1970;

/**
 * `Date.parse` alone rolls impossible dates over (2027-02-30 → 2 March, 24:00 → next day):
 * the calendar day must exist (isCalendarDate) and the clock read 00:00–23:59:59.
 */
export function isInstant(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  const m = ISO_WITH_OFFSET.exec(v);
  if (!m) return false;
  const [, day, hours, minutes, seconds = '00'] = m;
  return (
    isCalendarDate(day) &&
    Number(day.slice(0, 4)) >= FIRST_INSTANT_YEAR &&
    Number(hours) <= 23 &&
    Number(minutes) <= 59 &&
    Number(seconds) <= 59 &&
    !Number.isNaN(Date.parse(v))
  );
}

/** An instant in ISO 8601 with its offset (`Z` or `±hh:mm`): never an ambiguous local time. */
export const IsInstant = () =>
  ValidateBy(
    { name: 'isInstant', validator: { validate: isInstant } },
    {
      message: ({ value }: ValidationArguments) =>
        typeof value === 'string' && ISO_WITH_OFFSET.test(value)
          ? `date ou heure impossible (jour inexistant, heure hors de 00:00–23:59:59 ou année avant ${FIRST_INSTANT_YEAR})`
          : 'date et heure ISO 8601 avec fuseau attendues (ex. 2027-01-20T14:00:00-05:00)',
    },
  );

/** A GitLab project path: a group path with at least one group and the project. */
const IsForgeProjectPath = () =>
  ValidateBy(
    {
      name: 'isForgeProjectPath',
      validator: { validate: (v: unknown) => typeof v === 'string' && v.includes('/') && isForgeGroupPath(v) },
    },
    { message: 'chemin de projet GitLab invalide (ex. « mcn/echanges/prise-de-rendez-vous »)' },
  );

const trimList = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? [...new Set(value.map((s) => (typeof s === 'string' ? s.trim() : s)))] : value;

/** Swagger: required on create, optional on edit. */
const Doc = (required: boolean, options: Parameters<typeof ApiProperty>[0]) =>
  required ? ApiProperty(options) : ApiPropertyOptional(options);

/** Absent is fine, null is not (a required column being edited). */
const NotNullWhenPresent = () => ValidateIf((_o, v) => v !== undefined);

const Fields = {
  title: (required = true) =>
    applyDecorators(
      Doc(required, { description: 'Titre (français obligatoire)', type: ShortTextDto }),
      IsObject(),
      ValidateNested(),
      Type(() => ShortTextDto),
    ),
  summary: () =>
    applyDecorators(
      ApiPropertyOptional({ description: 'Résumé (français obligatoire pour publier)', type: TextDto }),
      IsObject(),
      ValidateNested(),
      Type(() => TextDto),
    ),
  description: () =>
    applyDecorators(
      ApiPropertyOptional({
        description: 'Description détaillée en Markdown (français obligatoire pour publier)',
        type: LongTextDto,
      }),
      IsObject(),
      ValidateNested(),
      Type(() => LongTextDto),
    ),
  skills: () =>
    applyDecorators(
      ApiPropertyOptional({
        description: 'Compétences recherchées (étiquettes)',
        type: [String],
        example: ['TypeScript', 'PostgreSQL'],
      }),
      Transform(trimList),
      IsArray(),
      ArrayMaxSize(30),
      IsString({ each: true }),
      IsNotEmpty({ each: true, message: 'une compétence ne peut pas être vide' }),
      MaxLength(60, { each: true }),
    ),
  procurementMode: (required = true) =>
    applyDecorators(
      Doc(required, {
        description: 'Mode d’appel : public (ouvert à tous) ou sur invitation',
        enum: PROCUREMENT_MODES,
      }),
      IsIn(PROCUREMENT_MODES, { message: `mode inconnu (attendu : ${PROCUREMENT_MODES.join(', ')})` }),
    ),
  estimatedValueCents: (required = true) =>
    applyDecorators(
      Doc(required, {
        description:
          'Valeur estimée en cents, taxes exclues, toutes options comprises ; inférieure au plafond du programme (422 VALUE_ABOVE_CAP)',
        example: 6_500_000,
      }),
      IsInt({ message: 'la valeur estimée doit être un nombre entier de cents' }),
    ),
  optionsDescription: () =>
    applyDecorators(
      ApiPropertyOptional({
        description: 'Description des options (comprises dans la valeur estimée)',
        type: TextDto,
        nullable: true,
      }),
      IsOptional(),
      IsObject(),
      ValidateNested(),
      Type(() => TextDto),
    ),
  evaluationMethod: (required = true) =>
    applyDecorators(
      Doc(required, {
        description: 'Méthode d’adjudication : prix ajusté, ou prix le plus bas avec qualité minimale',
        enum: EVALUATION_METHODS,
      }),
      IsIn(EVALUATION_METHODS, { message: `méthode inconnue (attendu : ${EVALUATION_METHODS.join(', ')})` }),
    ),
  kPercent: () =>
    applyDecorators(
      ApiPropertyOptional({
        description:
          'Facteur K en pour cent (prix ajusté seulement) : 15 à 30 ; absent pour l’autre méthode (422 INVALID_K)',
        type: Number,
        nullable: true,
        example: 30,
      }),
      IsOptional(),
      IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'le facteur K doit être un nombre' }),
    ),
  criteria: () =>
    applyDecorators(
      ApiPropertyOptional({
        description:
          'Critères d’évaluation (au moins 3, pondérations totalisant 100) ; remplacent les critères existants',
        type: [CriterionDto],
      }),
      IsArray(),
      ArrayMaxSize(20),
      ValidateNested({ each: true }),
      Type(() => CriterionDto),
    ),
  acceptanceCriteria: () =>
    applyDecorators(
      ApiPropertyOptional({
        description: 'Critères d’acceptation du livrable (au moins un pour publier)',
        type: [TextDto],
      }),
      IsArray(),
      ArrayMaxSize(50),
      ValidateNested({ each: true }),
      Type(() => TextDto),
    ),
  license: () =>
    applyDecorators(
      ApiPropertyOptional({
        description: 'Licence du code livré (identifiant SPDX de la liste admise, sinon 422 INVALID_LICENSE)',
        enum: LICENSE_ALLOW_LIST,
        nullable: true,
      }),
      IsOptional(),
      Trim(),
      IsString(),
      MaxLength(40),
    ),
  forgeProjectPath: () =>
    applyDecorators(
      ApiPropertyOptional({
        description: 'Chemin du projet sur la forge gouvernementale',
        example: 'mcn/echanges/prise-de-rendez-vous',
        type: String,
        nullable: true,
      }),
      IsOptional(),
      Trim(),
      IsString(),
      MaxLength(255),
      IsForgeProjectPath(),
    ),
  proposalDeadline: () =>
    applyDecorators(
      ApiPropertyOptional({
        description: 'Date limite de dépôt des propositions (ISO 8601 avec fuseau)',
        example: '2027-01-20T14:00:00-05:00',
        type: String,
        format: 'date-time',
        nullable: true,
      }),
      IsOptional(),
      IsInstant(),
    ),
  deliveryDueDate: () =>
    applyDecorators(
      ApiPropertyOptional({
        description: 'Date de livraison attendue (AAAA-MM-JJ), postérieure à la date limite de dépôt',
        example: '2027-04-30',
        type: String,
        format: 'date',
        nullable: true,
      }),
      IsOptional(),
      IsCalendarDate(),
    ),
};

// ─── Create and edit ────────────────────────────────────────────────────────────────

/**
 * A new DRAFT. Only what a draft cannot exist without is required; completeness (O5) is
 * checked at submission and publication. Whatever is given must already satisfy the rules.
 */
export class CreateOpportunityDto {
  @Fields.title() @IsDefined({ message: 'champ obligatoire' }) title: ShortTextDto;
  @Fields.summary() @IsOptional() summary?: TextDto;
  @Fields.description() @IsOptional() description?: LongTextDto;
  @Fields.skills() @IsOptional() skills?: string[];
  @Fields.procurementMode() procurementMode: ProcurementMode;
  @Fields.estimatedValueCents() estimatedValueCents: number;
  @Fields.optionsDescription() optionsDescription?: TextDto | null;
  @Fields.evaluationMethod() evaluationMethod: EvaluationMethod;
  @Fields.kPercent() kPercent?: number | null;
  @Fields.criteria() @IsOptional() criteria?: CriterionDto[];
  @Fields.acceptanceCriteria() @IsOptional() acceptanceCriteria?: TextDto[];
  @Fields.license() license?: string | null;
  @Fields.forgeProjectPath() forgeProjectPath?: string | null;
  @Fields.proposalDeadline() proposalDeadline?: string | null;
  @Fields.deliveryDueDate() deliveryDueDate?: string | null;
}

/**
 * Changes to a DRAFT: only the fields present change; `null` clears an optional field;
 * `criteria`, when present, replace all criteria (new ids).
 */
export class UpdateOpportunityDto {
  @Fields.title(false) @NotNullWhenPresent() title?: ShortTextDto;
  @Fields.summary() @NotNullWhenPresent() summary?: TextDto;
  @Fields.description() @NotNullWhenPresent() description?: LongTextDto;
  @Fields.skills() @NotNullWhenPresent() skills?: string[];
  @Fields.procurementMode(false) @NotNullWhenPresent() procurementMode?: ProcurementMode;
  @Fields.estimatedValueCents(false) @NotNullWhenPresent() estimatedValueCents?: number;
  @Fields.optionsDescription() optionsDescription?: TextDto | null;
  @Fields.evaluationMethod(false) @NotNullWhenPresent() evaluationMethod?: EvaluationMethod;
  @Fields.kPercent() kPercent?: number | null;
  @Fields.criteria() @NotNullWhenPresent() criteria?: CriterionDto[];
  @Fields.acceptanceCriteria() @NotNullWhenPresent() acceptanceCriteria?: TextDto[];
  @Fields.license() license?: string | null;
  @Fields.forgeProjectPath() forgeProjectPath?: string | null;
  @Fields.proposalDeadline() proposalDeadline?: string | null;
  @Fields.deliveryDueDate() deliveryDueDate?: string | null;
}
