import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OpportunityCriterion } from '../../../opportunities/entities/opportunity-criterion.entity';
import { Proposal } from '../../../proposals/entities/proposal.entity';
import { User } from '../../../users/entities/user.entity';

/** The committee's consensus score of one criterion of one proposal, recorded by the secretary. */
@Entity('consensus_score')
export class ConsensusScoreRow {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_consensus_score' })
  proposalId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_consensus_score' })
  criterionId: string;

  @ManyToOne(() => Proposal, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proposal_id', foreignKeyConstraintName: 'fk_consensus_score_proposal' })
  proposal?: Proposal;

  @ManyToOne(() => OpportunityCriterion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'criterion_id', foreignKeyConstraintName: 'fk_consensus_score_criterion' })
  criterion?: OpportunityCriterion;

  @Column({ type: 'numeric', precision: 5, scale: 2 })
  score: string;

  @Column({ type: 'text' })
  rationale: string;

  @Column({ type: 'uuid' })
  recordedById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recorded_by_id', foreignKeyConstraintName: 'fk_consensus_score_recorded_by' })
  recordedBy?: User;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;
}
