import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { I18nText } from '../../common/util/i18n-text';
import { User } from '../../users/entities/user.entity';
import { Opportunity } from './opportunity.entity';

/** A vendor's question (O11); the answer is public, the asker never shown. */
@Entity('opportunity_question')
@Index('ix_opportunity_question_opportunity', ['opportunityId'])
export class OpportunityQuestion {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_opportunity_question' })
  id: string;

  @Column({ type: 'uuid' })
  opportunityId: string;

  @ManyToOne(() => Opportunity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'opportunity_id', foreignKeyConstraintName: 'fk_opportunity_question_opportunity' })
  opportunity?: Opportunity;

  @Column({ type: 'uuid' })
  askedById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'asked_by_id', foreignKeyConstraintName: 'fk_opportunity_question_asked_by' })
  askedBy?: User;

  @Column({ type: 'text' })
  question: string;

  @CreateDateColumn({ type: 'timestamptz' })
  askedAt: Date;

  @Column({ type: 'jsonb', nullable: true })
  answer: I18nText | null;

  @Column({ type: 'uuid', nullable: true })
  answeredById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  answeredAt: Date | null;
}
