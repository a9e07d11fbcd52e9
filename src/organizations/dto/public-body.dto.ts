import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { Trim } from '../../common/http/dto-transforms';
import { isForgeGroupPath } from '../organizations.rules';
import { PublicBody } from '../entities/public-body.entity';
import { PageOf } from '../../common/util/pagination';

export class PublicBodyNameDto {
  @ApiProperty({
    description: 'Nom en français (obligatoire)',
    example: 'Ministère de la Cybersécurité et du Numérique',
  })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'le nom français est obligatoire' })
  @MaxLength(300)
  fr: string;

  @ApiPropertyOptional({
    description: 'Nom en anglais (facultatif)',
    example: 'Ministry of Cybersecurity and Digital Technology',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  en?: string;
}

export class CreatePublicBodyDto {
  @ApiProperty({
    description: 'Nom de l’organisme public, en français et, au besoin, en anglais',
    type: PublicBodyNameDto,
  })
  @IsDefined({ message: 'champ obligatoire' })
  @IsObject()
  @ValidateNested()
  @Type(() => PublicBodyNameDto)
  name: PublicBodyNameDto;

  @ApiProperty({ description: 'Sigle, unique sans égard à la casse', example: 'MCN', maxLength: 30 })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'le sigle est obligatoire' })
  @MaxLength(30)
  @Matches(/^[\p{L}\p{N}][\p{L}\p{N}&.' -]*$/u, {
    message: "le sigle ne contient que des lettres, chiffres, espaces et les signes & . ' -",
  })
  acronym: string;

  @ApiProperty({
    description: 'Chemin du groupe de l’organisme sur la forge (GitLab), segments [a-z0-9._-] séparés par « / »',
    example: 'mcn/echanges',
  })
  @Trim()
  @IsString()
  @ValidateBy(
    { name: 'isForgeGroupPath', validator: { validate: (v: unknown) => typeof v === 'string' && isForgeGroupPath(v) } },
    { message: 'chemin de groupe GitLab invalide (segments [a-z0-9._-] séparés par « / »)' },
  )
  forgeGroupPath: string;
}

export class PublicBodyNameView {
  @ApiProperty() fr: string;
  @ApiProperty({ type: String, nullable: true, description: 'Nom anglais, null lorsqu’absent' }) en: string | null;
}

export class PublicBodyView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: PublicBodyNameView }) name: PublicBodyNameView;
  @ApiProperty() acronym: string;
  @ApiProperty() forgeGroupPath: string;
}

export class PublicBodyPage extends PageOf(PublicBodyView) {}

export function toPublicBodyView(body: PublicBody): PublicBodyView {
  return {
    id: body.id,
    name: { fr: body.nameFr, en: body.nameEn },
    acronym: body.acronym,
    forgeGroupPath: body.forgeGroupPath,
  };
}
