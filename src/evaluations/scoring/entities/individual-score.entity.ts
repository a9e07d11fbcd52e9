import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OpportunityCriterion } from '../../../opportunities/entities/opportunity-criterion.entity';
import { Proposal } from '../../../proposals/entities/proposal.entity';
import { User } from '../../../users/entities/user.entity';

/** One evaluator's score of one criterion of one proposal (domain.md §6), blind until they submit. */
@Entity('individual_score')
@Index('ix_individual_score_evaluator', ['evaluatorId'])
export class IndividualScore {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_individual_score' })
  proposalId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_individual_score' })
  evaluatorId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_individual_score' })
  criterionId: string;

  @ManyToOne(() => Proposal, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proposal_id', foreignKeyConstraintName: 'fk_individual_score_proposal' })
  proposal?: Proposal;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'evaluator_id', foreignKeyConstraintName: 'fk_individual_score_evaluator' })
  evaluator?: User;

  @ManyToOne(() => OpportunityCriterion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'criterion_id', foreignKeyConstraintName: 'fk_individual_score_criterion' })
  criterion?: OpportunityCriterion;

  /** 0–100, at most 2 decimals; numeric is read back as text. */
  @Column({ type: 'numeric', precision: 5, scale: 2 })
  score: string;

  @Column({ type: 'text' })
  comment: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  submittedAt: Date;
}
