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
import type { I18nText } from '../../common/util/i18n-text';
import { PublicBody } from '../../organizations/entities/public-body.entity';
import { User } from '../../users/entities/user.entity';

export const OPPORTUNITY_STATUSES = [
  'DRAFT',
  'UNDER_REVIEW',
  'PUBLISHED',
  'EVALUATION',
  'AWARDED',
  'UNSUCCESSFUL',
  'CANCELLED',
] as const;
export type OpportunityStatus = (typeof OPPORTUNITY_STATUSES)[number];
export const PROCUREMENT_MODES = ['public', 'invitation'] as const;
export type ProcurementMode = (typeof PROCUREMENT_MODES)[number];
export const EVALUATION_METHODS = ['adjusted_price', 'min_quality_lowest_price'] as const;
export type EvaluationMethod = (typeof EVALUATION_METHODS)[number];

/** An opportunity (domain.md §4). Public texts are `{fr, en?}` JSON. */
@Entity('opportunity')
@Check('ck_opportunity_value', '"estimated_value_cents" > 0')
@Index('uq_opportunity_reference', ['reference'], { unique: true })
@Index('uq_opportunity_ocid', ['ocid'], { unique: true })
@Index('ix_opportunity_status_deadline', ['status', 'proposalDeadline'])
@Index('ix_opportunity_public_body', ['publicBodyId'])
@Index('ix_opportunity_published_at', ['publishedAt'])
// Managed by the migration, not by TypeORM: GIN indexes for skills and full-text search.
@Index('ix_opportunity_skills', { synchronize: false })
@Index('ix_opportunity_search', { synchronize: false })
// Public search (migration 1764374400000): lower-cased skills (GIN over a function), the
// `-publishedAt` sort (DESC NULLS LAST) and a covering index for totals (INCLUDE).
@Index('ix_opportunity_skill_keys', { synchronize: false })
@Index('ix_opportunity_sort_published', { synchronize: false })
@Index('ix_opportunity_listing', { synchronize: false })
@Index('ix_opportunity_sort_deadline', ['proposalDeadline', 'id'])
@Index('ix_opportunity_sort_value', ['estimatedValueCents', 'id'])
export class Opportunity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_opportunity' })
  id: string;

  /** `EEC-<year>-<4-digit seq>`, gap-free per year. */
  @Column({ type: 'varchar', length: 20 })
  reference: string;

  /** `<OCDS_PREFIX>-<reference>`. */
  @Column({ type: 'varchar', length: 40 })
  ocid: string;

  @Column({ type: 'uuid' })
  publicBodyId: string;

  @ManyToOne(() => PublicBody, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'public_body_id', foreignKeyConstraintName: 'fk_opportunity_public_body' })
  publicBody?: PublicBody;

  @Column({ type: 'uuid' })
  createdById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by_id', foreignKeyConstraintName: 'fk_opportunity_created_by' })
  createdBy?: User;

  @Column({ type: 'varchar', length: 20, default: 'DRAFT' })
  status: OpportunityStatus;

  @Column({ type: 'jsonb' })
  title: I18nText;

  @Column({ type: 'jsonb' })
  summary: I18nText;

  @Column({ type: 'jsonb' })
  description: I18nText;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  skills: string[];

  @Column({ type: 'varchar', length: 12 })
  procurementMode: ProcurementMode;

  /** All options included, in cents, taxes excluded. */
  @Column({ type: 'int' })
  estimatedValueCents: number;

  @Column({ type: 'jsonb', nullable: true })
  optionsDescription: I18nText | null;

  @Column({ type: 'varchar', length: 30 })
  evaluationMethod: EvaluationMethod;

  /** K in percent (adjusted price only); numeric(5,2) is read back as a string. */
  @Column({ type: 'numeric', precision: 5, scale: 2, nullable: true })
  kPercent: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  acceptanceCriteria: I18nText[];

  /** SPDX identifier from the allow-list (domain.md O6). */
  @Column({ type: 'varchar', length: 40, nullable: true })
  license: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  forgeProjectPath: string | null;

  @Column({ type: 'date', nullable: true })
  deliveryDueDate: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  proposalDeadline: Date | null;

  /** Computed at publication (O7): proposalDeadline − QUESTIONS_CLOSE_HOURS. */
  @Column({ type: 'timestamptz', nullable: true })
  questionsDeadline: Date | null;

  /** Computed at publication (O7): publishedAt + max(10 days, half the tender period). */
  @Column({ type: 'timestamptz', nullable: true })
  complaintDeadline: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  /**
   * The rule settings that decide the tender, frozen from the configuration at publication
   * (opportunity-rule-settings.ts): null before it (and on opportunities published before
   * they were frozen), when the configuration applies.
   */
  @Column({ type: 'int', nullable: true })
  qualityThreshold: number | null;

  @Column({ type: 'int', nullable: true })
  committeeMinEvaluators: number | null;

  @Column({ type: 'boolean', nullable: true })
  committeeRequireExternal: boolean | null;

  @Column({ type: 'int', nullable: true })
  minTenderPeriodDays: number | null;

  @Column({ type: 'int', nullable: true })
  questionsCloseHours: number | null;

  @Column({ type: 'int', nullable: true })
  addendumMinDays: number | null;

  /** When the closing job materialised PUBLISHED → EVALUATION (reads never wait for it). */
  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  /** When the secretary locked the scores (domain.md §6): price envelopes open then. */
  @Column({ type: 'timestamptz', nullable: true })
  scoresLockedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  reviewComment: string | null;

  @Column({ type: 'text', nullable: true })
  splittingJustification: string | null;

  @Column({ type: 'text', nullable: true })
  cancellationReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  /** Database time of the award (domain.md §7). */
  @Column({ type: 'timestamptz', nullable: true })
  awardedAt: Date | null;

  /** Concluded without award (UNSUCCESSFUL): when, and the owning buyer's reason. */
  @Column({ type: 'timestamptz', nullable: true })
  unsuccessfulAt: Date | null;

  @Column({ type: 'text', nullable: true })
  unsuccessfulReason: string | null;

  /** Maintained by a trigger (French, accent-insensitive); never read by the app. */
  @Column({ type: 'tsvector', nullable: true, select: false, insert: false, update: false })
  searchVector?: string;

  /** Title, summary and skills only, kept inline: what the search ranks by (trigger-maintained). */
  @Column({ type: 'tsvector', nullable: true, select: false, insert: false, update: false })
  rankVector?: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
