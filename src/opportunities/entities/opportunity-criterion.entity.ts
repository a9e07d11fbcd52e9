import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { I18nText } from '../../common/util/i18n-text';
import { Opportunity } from './opportunity.entity';

/** An evaluation criterion; proposals answer and evaluators score each one by id. */
@Entity('opportunity_criterion')
@Index('uq_opportunity_criterion_position', ['opportunityId', 'position'], { unique: true })
export class OpportunityCriterion {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_opportunity_criterion' })
  id: string;

  @Column({ type: 'uuid' })
  opportunityId: string;

  @ManyToOne(() => Opportunity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'opportunity_id', foreignKeyConstraintName: 'fk_opportunity_criterion_opportunity' })
  opportunity?: Opportunity;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'jsonb' })
  title: I18nText;

  @Column({ type: 'jsonb', nullable: true })
  description: I18nText | null;

  /** Weight in percent, > 0, at most 2 decimals; the weights of an opportunity sum to 100. */
  @Column({ type: 'numeric', precision: 5, scale: 2 })
  weight: string;

  @Column({ type: 'boolean', default: false })
  minimumRequired: boolean;
}
