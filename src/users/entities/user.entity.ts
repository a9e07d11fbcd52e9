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
import type { Role } from '../../common/auth/roles';
import { PublicBody } from '../../organizations/entities/public-body.entity';

export type Language = 'fr' | 'en';

@Entity('app_user')
@Index('uq_app_user_email', ['email'], { unique: true })
@Index('uq_app_user_email_skeleton', ['emailSkeleton'], { unique: true })
export class User {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_app_user' })
  id: string;

  /** Stored in its normal form (NFKC, lower case, trimmed), so that the unique index ignores case. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  /**
   * The address with look-alike characters folded (users/email-identity.ts): unique, so no two
   * accounts read alike. Set by every account creation; accounts older than the column have
   * their lower-cased address (the migration's backfill).
   */
  @Column({ type: 'varchar', length: 300, nullable: true })
  emailSkeleton: string | null;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 200 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 20 })
  role: Role;

  @Column({ type: 'uuid', nullable: true })
  publicBodyId: string | null;

  @ManyToOne(() => PublicBody, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'public_body_id', foreignKeyConstraintName: 'fk_app_user_public_body' })
  publicBody?: PublicBody | null;

  @Column({ type: 'varchar', length: 2, default: 'fr' })
  preferredLanguage: Language;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /**
   * When the address was shown to be the account holder's (docs/accounts.md). A self-registered
   * vendor starts with null and may not submit a proposal until it follows the e-mailed link;
   * accounts an admin creates (and those older than the column) count as verified.
   */
  @Column({ type: 'timestamptz', nullable: true, default: () => 'now()' })
  emailVerifiedAt: Date | null;

  /** Vendors who opted into an e-mail for every newly published opportunity. */
  @Column({ type: 'boolean', default: false })
  notifyNewOpportunities: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
