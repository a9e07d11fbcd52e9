import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { I18nText } from '../../common/util/i18n-text';
import { User } from '../../users/entities/user.entity';
import { Opportunity } from './opportunity.entity';

/** A published change to an opportunity (domain.md O9–O10). Addenda are never edited. */
@Entity('opportunity_addendum')
@Index('uq_opportunity_addendum_number', ['opportunityId', 'number'], { unique: true })
export class OpportunityAddendum {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_opportunity_addendum' })
  id: string;

  @Column({ type: 'uuid' })
  opportunityId: string;

  @ManyToOne(() => Opportunity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'opportunity_id', foreignKeyConstraintName: 'fk_opportunity_addendum_opportunity' })
  opportunity?: Opportunity;

  /** 1, 2, 3… per opportunity. */
  @Column({ type: 'int' })
  number: number;

  @Column({ type: 'jsonb' })
  body: I18nText;

  @Column({ type: 'boolean' })
  affectsPrice: boolean;

  @Column({ type: 'timestamptz' })
  previousDeadline: Date;

  @Column({ type: 'timestamptz' })
  proposalDeadline: Date;

  @Column({ type: 'uuid' })
  createdById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by_id', foreignKeyConstraintName: 'fk_opportunity_addendum_created_by' })
  createdBy?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  publishedAt: Date;
}
