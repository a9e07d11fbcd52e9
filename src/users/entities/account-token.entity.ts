import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from './user.entity';

export const ACCOUNT_TOKEN_PURPOSES = ['verify-email', 'reset-password'] as const;
export type AccountTokenPurpose = (typeof ACCOUNT_TOKEN_PURPOSES)[number];

/**
 * A single-use link sent by e-mail (docs/accounts.md): e-mail verification or password reset.
 * Only the SHA-256 of its secret is stored, and only once the e-mail job has drawn the secret
 * (the secret exists nowhere but in the e-mail). Used once (`usedAt`), short-lived (`expiresAt`).
 */
@Entity('account_token')
@Index('ix_account_token_user', ['userId'])
export class AccountToken {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_account_token' })
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_account_token_user' })
  user?: User;

  @Column({ type: 'varchar', length: 20 })
  purpose: AccountTokenPurpose;

  /** SHA-256 (hex) of the secret; null until the e-mail job has drawn it. */
  @Column({ type: 'char', length: 64, nullable: true })
  tokenHash: string | null;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
