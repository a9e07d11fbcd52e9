import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Opportunity } from '../../../opportunities/entities/opportunity.entity';
import { Proposal } from '../../../proposals/entities/proposal.entity';
import { User } from '../../../users/entities/user.entity';

/**
 * A draw that broke a tie at rank 1 (domain.md §6): recomputable from seed and candidates.
 * Normally one per opportunity (round 1); a further round only when the winner of the last
 * one was disqualified at award (ineligible) and a tie remains among the others.
 */
@Entity('evaluation_draw')
export class EvaluationDraw {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_evaluation_draw' })
  opportunityId: string;

  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'pk_evaluation_draw', default: 1 })
  round: number;

  @ManyToOne(() => Opportunity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'opportunity_id', foreignKeyConstraintName: 'fk_evaluation_draw_opportunity' })
  opportunity?: Opportunity;

  /** 32 random bytes as 64 lower-case hex digits. */
  @Column({ type: 'char', length: 64 })
  seed: string;

  @Column({ type: 'text' })
  algorithm: string;

  /** The tied proposal ids, lower case, sorted as the algorithm uses them. */
  @Column({ type: 'uuid', array: true })
  candidates: string[];

  @Column({ type: 'uuid' })
  winnerProposalId: string;

  @ManyToOne(() => Proposal, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'winner_proposal_id', foreignKeyConstraintName: 'fk_evaluation_draw_winner' })
  winner?: Proposal;

  @Column({ type: 'uuid' })
  drawnById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'drawn_by_id', foreignKeyConstraintName: 'fk_evaluation_draw_drawn_by' })
  drawnBy?: User;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  drawnAt: Date;
}
