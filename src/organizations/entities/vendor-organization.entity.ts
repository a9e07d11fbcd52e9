import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const VENDOR_SIZES = ['micro', 'sme', 'large'] as const;
export type VendorSize = (typeof VENDOR_SIZES)[number];

@Entity('vendor_organization')
@Check('ck_vendor_organization_neq', `"neq" ~ '^[0-9]{10}$'`)
@Index('uq_vendor_organization_neq', ['neq'], { unique: true })
export class VendorOrganization {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_vendor_organization' })
  id: string;

  @Column({ type: 'varchar', length: 300 })
  legalName: string;

  /** Québec enterprise number (NEQ): exactly 10 digits. */
  @Column({ type: 'char', length: 10 })
  neq: string;

  @Column({ type: 'varchar', length: 10 })
  size: VendorSize;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 120 })
  city: string;

  @Column({ type: 'varchar', length: 2 })
  province: string;

  @Column({ type: 'varchar', length: 7 })
  postalCode: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
