import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Opportunity } from '../../../opportunities/entities/opportunity.entity';
import { User } from '../../../users/entities/user.entity';

/**
 * A committee member's confidentiality and conflict-of-interest declaration for one
 * opportunity (domain.md §6), signed once, at database time. It outlives a change of the
 * committee's composition: it records what the person declared. Whether it recuses them is
 * computed at every read (recusedSql in common/access), never stored.
 */
@Entity('committee_declaration')
@Index('ix_committee_declaration_user', ['userId'])
export class CommitteeDeclaration {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_committee_declaration' })
  opportunityId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_committee_declaration' })
  userId: string;

  @ManyToOne(() => Opportunity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'opportunity_id', foreignKeyConstraintName: 'fk_committee_declaration_opportunity' })
  opportunity?: Opportunity;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_committee_declaration_user' })
  user?: User;

  @Column({ type: 'boolean' })
  confidentiality: boolean;

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  conflictVendorIds: string[];

  @Column({ type: 'timestamptz', default: () => 'now()' })
  signedAt: Date;
}
