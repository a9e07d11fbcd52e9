import { Check, Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Proposal } from './proposal.entity';

/** The sealed price envelope of a proposal, apart from its content (domain.md §5). */
@Entity('proposal_price')
@Check('ck_proposal_price_positive', '"price_cents" > 0')
export class ProposalPrice {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_proposal_price' })
  proposalId: string;

  @OneToOne(() => Proposal, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proposal_id', foreignKeyConstraintName: 'fk_proposal_price_proposal' })
  proposal?: Proposal;

  /** Cents, taxes excluded; 0 < price ≤ the opportunity's estimated value (P3). */
  @Column({ type: 'int' })
  priceCents: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
