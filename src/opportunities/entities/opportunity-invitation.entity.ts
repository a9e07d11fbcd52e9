import { CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, Column, Index } from 'typeorm';
import { VendorOrganization } from '../../organizations/entities/vendor-organization.entity';
import { Opportunity } from './opportunity.entity';

/** A vendor organization invited to an invitation-mode opportunity (O13, P7). */
@Entity('opportunity_invitation')
@Index('ix_opportunity_invitation_vendor', ['vendorId'])
export class OpportunityInvitation {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_opportunity_invitation' })
  opportunityId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_opportunity_invitation' })
  vendorId: string;

  @ManyToOne(() => Opportunity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'opportunity_id', foreignKeyConstraintName: 'fk_opportunity_invitation_opportunity' })
  opportunity?: Opportunity;

  @ManyToOne(() => VendorOrganization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'vendor_id', foreignKeyConstraintName: 'fk_opportunity_invitation_vendor' })
  vendor?: VendorOrganization;

  @Column({ type: 'uuid' })
  invitedById: string;

  @CreateDateColumn({ type: 'timestamptz' })
  invitedAt: Date;
}
