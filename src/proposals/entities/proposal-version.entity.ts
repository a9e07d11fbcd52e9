import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { CriterionResponse, ProposalAttestations, ProposalStatus } from './proposal.entity';
import { Proposal } from './proposal.entity';

/**
 * A previous state of a proposal, written before each edit, submission or withdrawal
 * (domain.md §5: every edit keeps the previous version). Sealed like the proposal itself.
 */
@Entity('proposal_version')
@Index('uq_proposal_version', ['proposalId', 'version'], { unique: true })
export class ProposalVersion {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_proposal_version' })
  id: string;

  @Column({ type: 'uuid' })
  proposalId: string;

  @ManyToOne(() => Proposal, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proposal_id', foreignKeyConstraintName: 'fk_proposal_version_proposal' })
  proposal?: Proposal;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'varchar', length: 20 })
  status: ProposalStatus;

  @Column({ type: 'jsonb' })
  responses: CriterionResponse[];

  @Column({ type: 'jsonb' })
  attestations: ProposalAttestations;

  @Column({ type: 'int', nullable: true })
  priceCents: number | null;

  @Column({ type: 'uuid' })
  changedById: string;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;
}
