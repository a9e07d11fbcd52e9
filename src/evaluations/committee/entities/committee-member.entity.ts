import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Opportunity } from '../../../opportunities/entities/opportunity.entity';
import { User } from '../../../users/entities/user.entity';

export const COMMITTEE_ROLES = ['secretary', 'evaluator'] as const;
export type CommitteeRole = (typeof COMMITTEE_ROLES)[number];

/** A member of the selection committee of one opportunity (domain.md §6). */
@Entity('committee_member')
@Index('ix_committee_member_user', ['userId'])
export class CommitteeMember {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_committee_member' })
  opportunityId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_committee_member' })
  userId: string;

  @ManyToOne(() => Opportunity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'opportunity_id', foreignKeyConstraintName: 'fk_committee_member_opportunity' })
  opportunity?: Opportunity;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_committee_member_user' })
  user?: User;

  @Column({ type: 'varchar', length: 20 })
  role: CommitteeRole;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  appointedAt: Date;

  @Column({ type: 'uuid' })
  appointedById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'appointed_by_id', foreignKeyConstraintName: 'fk_committee_member_appointed_by' })
  appointedBy?: User;
}
