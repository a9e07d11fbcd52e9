import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Opportunity } from '../../opportunities/entities/opportunity.entity';
import { VendorOrganization } from '../../organizations/entities/vendor-organization.entity';
import { Proposal } from '../../proposals/entities/proposal.entity';
import { User } from '../../users/entities/user.entity';

export const CONTRACT_STATUSES = ['ACTIVE', 'DELIVERED', 'ACCEPTED', 'PUBLISHED', 'PAID', 'TERMINATED'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

export const PUBLICATION_STATUSES = ['PENDING', 'RUNNING', 'DONE', 'FAILED'] as const;
export type PublicationStatus = (typeof PUBLICATION_STATUSES)[number];

/**
 * The contract an award creates (domain.md §7). One per opportunity and one per proposal:
 * the unique constraints are the last line against a double award, behind the opportunity
 * row lock taken by the award command.
 */
@Entity('contract')
@Index('uq_contract_reference', ['reference'], { unique: true })
@Index('uq_contract_opportunity', ['opportunityId'], { unique: true })
@Index('uq_contract_proposal', ['proposalId'], { unique: true })
@Index('ix_contract_supplier', ['supplierId'])
@Check('ck_contract_initial_amount', '"initial_amount_cents" > 0')
export class Contract {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_contract' })
  id: string;

  /** `C-<year>-<seq>`, the year of the award in Montréal, gap-free per year. */
  @Column({ type: 'varchar', length: 20 })
  reference: string;

  @Column({ type: 'uuid' })
  opportunityId: string;

  @ManyToOne(() => Opportunity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'opportunity_id', foreignKeyConstraintName: 'fk_contract_opportunity' })
  opportunity?: Opportunity;

  /** The awarded proposal. */
  @Column({ type: 'uuid' })
  proposalId: string;

  @ManyToOne(() => Proposal, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'proposal_id', foreignKeyConstraintName: 'fk_contract_proposal' })
  proposal?: Proposal;

  /** The supplier: the awarded proposal's vendor organization. */
  @Column({ type: 'uuid' })
  supplierId: string;

  @ManyToOne(() => VendorOrganization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'supplier_id', foreignKeyConstraintName: 'fk_contract_supplier' })
  supplier?: VendorOrganization;

  /** The awarded price (the price envelope), in cents. */
  @Column({ type: 'int' })
  initialAmountCents: number;

  /** The opportunity's delivery due date (a calendar day, YYYY-MM-DD). */
  @Column({ type: 'date' })
  deliveryDueDate: string;

  @Column({ type: 'varchar', length: 20, default: 'ACTIVE' })
  status: ContractStatus;

  @Column({ type: 'uuid' })
  awardedById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'awarded_by_id', foreignKeyConstraintName: 'fk_contract_awarded_by' })
  awardedBy?: User;

  /** Database time of the award. */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  awardedAt: Date;

  /** Database time of the first delivery (ACTIVE → DELIVERED). */
  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  /** The deliverable the owning buyer accepted, the criteria marked met and when. */
  @Column({ type: 'uuid', nullable: true })
  acceptedDeliverableId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  acceptedCriteria: { index: number; met: boolean }[] | null;

  @Column({ type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  /**
   * Forge publication (domain.md §7), queued at acceptance: PENDING, RUNNING, DONE or FAILED
   * (null before acceptance), with what the forge job stores.
   */
  @Column({ type: 'varchar', length: 10, nullable: true })
  publicationStatus: PublicationStatus | null;

  @Column({ type: 'int', default: 0 })
  publicationAttempts: number;

  @Column({ type: 'text', nullable: true })
  publicationLastError: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  projectUrl: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  commitSha: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  releaseUrl: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  paidAt: Date | null;

  @Column({ type: 'text', nullable: true })
  terminationReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  terminatedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
