import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { VendorOrganization } from './vendor-organization.entity';
import type { MemberRole } from './vendor-membership.entity';

/**
 * An owner's invitation of an e-mail address to join a vendor organization (README “Vendor
 * members”). It is the same whether or not an account has that address; the account with
 * that address accepts it while it is pending.
 */
@Entity('vendor_invitation')
@Index('ix_vendor_invitation_email', ['email'])
@Index('ix_vendor_invitation_vendor', ['vendorId'])
export class VendorInvitation {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_vendor_invitation' })
  id: string;

  @Column({ type: 'uuid' })
  vendorId: string;

  @ManyToOne(() => VendorOrganization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'vendor_id', foreignKeyConstraintName: 'fk_vendor_invitation_vendor' })
  vendor?: VendorOrganization;

  /** In its normal form (users/email-identity.ts). */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 20 })
  role: MemberRole;

  @Column({ type: 'uuid' })
  invitedById: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;
}
