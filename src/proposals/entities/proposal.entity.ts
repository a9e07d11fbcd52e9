import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { VendorOrganization } from '../../organizations/entities/vendor-organization.entity';
import { Opportunity } from '../../opportunities/entities/opportunity.entity';
import { User } from '../../users/entities/user.entity';

export const PROPOSAL_STATUSES = [
  'DRAFT',
  'SUBMITTED',
  'WITHDRAWN',
  'UNDER_EVALUATION',
  'NOT_ACCEPTABLE',
  'DISQUALIFIED',
  'QUALIFIED',
  'AWARDED',
  'NOT_AWARDED',
] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export interface CriterionResponse {
  criterionId: string;
  text: string;
}

export interface ProposalAttestations {
  acceptTerms: boolean;
  acceptLicense: boolean;
  conflictOfInterest: { declared: boolean; description?: string | null } | null;
}

/**
 * A vendor organization's proposal (domain.md §5). Sealed: who may read what, and when, is
 * decided by the access service only. The price lives in its own table (proposal_price).
 */
@Entity('proposal')
@Index('ix_proposal_opportunity', ['opportunityId', 'status'])
@Index('ix_proposal_vendor', ['vendorId'])
// P1, one non-withdrawn proposal per organization and opportunity: a partial unique index
// created by the migration.
@Index('uq_proposal_active_per_vendor', { synchronize: false })
export class Proposal {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_proposal' })
  id: string;

  @Column({ type: 'uuid' })
  opportunityId: string;

  @ManyToOne(() => Opportunity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'opportunity_id', foreignKeyConstraintName: 'fk_proposal_opportunity' })
  opportunity?: Opportunity;

  @Column({ type: 'uuid' })
  vendorId: string;

  @ManyToOne(() => VendorOrganization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'vendor_id', foreignKeyConstraintName: 'fk_proposal_vendor' })
  vendor?: VendorOrganization;

  @Column({ type: 'uuid' })
  authorId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'fk_proposal_author' })
  author?: User;

  @Column({ type: 'varchar', length: 20, default: 'DRAFT' })
  status: ProposalStatus;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  responses: CriterionResponse[];

  @Column({
    type: 'jsonb',
    default: () => `'{"acceptTerms": false, "acceptLicense": false, "conflictOfInterest": null}'`,
  })
  attestations: ProposalAttestations;

  /** Incremented at each edit; every previous state is kept in proposal_version. */
  @Column({ type: 'int', default: 1 })
  version: number;

  /** Database time of the (last) submission. */
  @Column({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  /** SHA-256 of the canonical JSON of the submitted content and price (P10). */
  @Column({ type: 'char', length: 64, nullable: true })
  receiptHash: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  @Column({ type: 'text', nullable: true })
  disqualificationReason: string | null;

  /** Q from the consensus scores (domain.md §6), "85.00"; null until the consensus. */
  @Column({ type: 'numeric', precision: 5, scale: 2, nullable: true })
  qualityScore: string | null;

  /** Set at the lock for acceptable proposals of an `adjusted_price` opportunity. */
  @Column({ type: 'int', nullable: true })
  adjustedPriceCents: number | null;

  /** Set at the lock: standard competition rank among acceptable proposals; null otherwise. */
  @Column({ type: 'int', nullable: true })
  rank: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
