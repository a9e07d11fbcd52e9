import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsDefined,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { NormalizeEmail, Trim } from '../../common/http/dto-transforms';
import {
  CANADIAN_PROVINCES,
  CanadianProvince,
  isCanadianPostalCode,
  NEQ_PATTERN,
  normalizePostalCode,
  postalCodeMatchesProvince,
} from '../organizations.rules';
import { VENDOR_SIZES, VendorOrganization, VendorSize } from '../entities/vendor-organization.entity';
import { MemberView } from './vendor-member.dto';

export class AddressDto {
  @ApiProperty({ description: 'Ville', example: 'Québec' })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'la ville est obligatoire' })
  @MaxLength(120)
  city: string;

  @ApiProperty({
    description: 'Province ou territoire (code à deux lettres de Postes Canada)',
    enum: CANADIAN_PROVINCES,
    example: 'QC',
  })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsIn(CANADIAN_PROVINCES, { message: `province inconnue (attendu : ${CANADIAN_PROVINCES.join(', ')})` })
  province: CanadianProvince;

  @ApiProperty({ description: 'Code postal canadien, normalisé au format « A1A 1A1 »', example: 'G1R 4A5' })
  @Transform(({ value }) => (typeof value === 'string' ? normalizePostalCode(value) : value))
  @IsString()
  @ValidateBy(
    {
      name: 'isCanadianPostalCode',
      validator: { validate: (v: unknown) => typeof v === 'string' && isCanadianPostalCode(v) },
    },
    { message: 'code postal canadien invalide (format « A1A 1A1 »)' },
  )
  @ValidateBy(
    {
      name: 'postalCodeMatchesProvince',
      validator: {
        validate: (v: unknown, args) => {
          const province = (args?.object as { province?: unknown }).province;
          // Only judged once both fields are well formed; their own rules report otherwise.
          if (
            typeof v !== 'string' ||
            !isCanadianPostalCode(v) ||
            !CANADIAN_PROVINCES.includes(province as CanadianProvince)
          )
            return true;
          return postalCodeMatchesProvince(v, province as string);
        },
      },
    },
    { message: 'le code postal ne correspond pas à la province' },
  )
  postalCode: string;
}

export class CreateVendorDto {
  @ApiProperty({ description: 'Raison sociale', example: 'Logiciels Boréal inc.' })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'la raison sociale est obligatoire' })
  @MaxLength(300)
  legalName: string;

  @ApiProperty({
    description: 'Numéro d’entreprise du Québec (NEQ) : exactement 10 chiffres, unique',
    example: '1171234567',
  })
  @Trim()
  @IsString({ message: 'le NEQ doit compter exactement 10 chiffres' })
  @Matches(NEQ_PATTERN, { message: 'le NEQ doit compter exactement 10 chiffres' })
  neq: string;

  @ApiProperty({ description: 'Taille de l’entreprise (partyScale de l’OCDS)', enum: VENDOR_SIZES })
  @IsIn(VENDOR_SIZES, { message: `taille inconnue (attendu : ${VENDOR_SIZES.join(', ')})` })
  size: VendorSize;

  @ApiProperty({ description: 'Adresse courriel de contact de l’organisation', example: 'contact@boreal.quebec' })
  @NormalizeEmail()
  @IsEmail({}, { message: 'adresse courriel invalide' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ description: 'Adresse au Canada', type: AddressDto })
  @IsDefined({ message: 'champ obligatoire' })
  @IsObject()
  @ValidateNested()
  @Type(() => AddressDto)
  address: AddressDto;
}

export class AddressView {
  @ApiProperty() city: string;
  @ApiProperty({ enum: CANADIAN_PROVINCES }) province: string;
  @ApiProperty({ example: 'G1R 4A5' }) postalCode: string;
}

export class VendorView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() legalName: string;
  @ApiProperty() neq: string;
  @ApiProperty({ enum: VENDOR_SIZES }) size: string;
  @ApiProperty() email: string;
  @ApiProperty({ type: AddressView }) address: AddressView;
  @ApiProperty({ type: [MemberView] }) members: MemberView[];
}

export function toVendorView(vendor: VendorOrganization, members: MemberView[]): VendorView {
  return {
    id: vendor.id,
    legalName: vendor.legalName,
    neq: vendor.neq,
    size: vendor.size,
    email: vendor.email,
    address: { city: vendor.city, province: vendor.province, postalCode: vendor.postalCode },
    members,
  };
}
