import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../../users/entities/user.entity';
import { VendorOrganization } from './vendor-organization.entity';

export const MEMBER_ROLES = ['owner', 'member'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

@Entity('vendor_membership')
@Index('ix_vendor_membership_user', ['userId'])
export class VendorMembership {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_vendor_membership' })
  vendorId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_vendor_membership' })
  userId: string;

  @ManyToOne(() => VendorOrganization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'vendor_id', foreignKeyConstraintName: 'fk_vendor_membership_vendor' })
  vendor?: VendorOrganization;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_vendor_membership_user' })
  user?: User;

  @Column({ type: 'varchar', length: 10 })
  role: MemberRole;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
