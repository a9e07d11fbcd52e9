import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../../users/entities/user.entity';
import { Opportunity } from './opportunity.entity';

/** A vendor user following an opportunity (notified of addenda and answers). */
@Entity('opportunity_subscription')
@Index('ix_opportunity_subscription_user', ['userId'])
export class OpportunitySubscription {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_opportunity_subscription' })
  opportunityId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_opportunity_subscription' })
  userId: string;

  @ManyToOne(() => Opportunity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'opportunity_id', foreignKeyConstraintName: 'fk_opportunity_subscription_opportunity' })
  opportunity?: Opportunity;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_opportunity_subscription_user' })
  user?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
