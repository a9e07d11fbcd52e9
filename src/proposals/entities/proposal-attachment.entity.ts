import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Proposal } from './proposal.entity';

/**
 * A file attached to a proposal. Stored in the database (bytea): it commits or rolls back
 * with the command that uploads it, every API replica reads it without shared storage, and
 * the database backup holds it. Sizes are capped (PROPOSAL_ATTACHMENT_MAX_BYTES).
 */
@Entity('proposal_attachment')
@Index('ix_proposal_attachment_proposal', ['proposalId'])
export class ProposalAttachment {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_proposal_attachment' })
  id: string;

  @Column({ type: 'uuid' })
  proposalId: string;

  @ManyToOne(() => Proposal, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proposal_id', foreignKeyConstraintName: 'fk_proposal_attachment_proposal' })
  proposal?: Proposal;

  @Column({ type: 'varchar', length: 255 })
  fileName: string;

  @Column({ type: 'varchar', length: 100 })
  contentType: string;

  @Column({ type: 'int' })
  sizeBytes: number;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'bytea', select: false })
  content?: Buffer;

  @Column({ type: 'uuid' })
  uploadedById: string;

  @CreateDateColumn({ type: 'timestamptz' })
  uploadedAt: Date;

  /** Set when removed from a draft; the row is kept (nothing is deleted after submission). */
  @Column({ type: 'timestamptz', nullable: true })
  removedAt: Date | null;
}
