import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../../users/entities/user.entity';
import { Contract } from './contract.entity';

export const ARCHIVE_FORMATS = ['tar.gz', 'zip'] as const;
export type ArchiveFormat = (typeof ARCHIVE_FORMATS)[number];

export const CHECK_STATUSES = ['PENDING', 'DONE'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

/** One check of a deliverable, as stored and shown (domain.md §7). */
export interface DeliverableCheck {
  name: string;
  passed: boolean;
  details: Record<string, unknown>;
}

/** One entry of the per-file manifest: a file with its SHA-256, or a link with its target. */
export interface ManifestEntry {
  path: string;
  type: 'file' | 'symlink' | 'hardlink';
  size: number;
  sha256?: string;
  target?: string;
}

/**
 * A source archive delivered by the supplier (domain.md §7). The archive itself is a file
 * under STORAGE_DIR (`storagePath`, relative); the row holds its SHA-256, the manifest and
 * the checks' results once the check job has run.
 */
@Entity('contract_deliverable')
@Index('uq_contract_deliverable_number', ['contractId', 'number'], { unique: true })
export class ContractDeliverable {
  /** Chosen before the row exists: it names the stored file. */
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_contract_deliverable' })
  id: string;

  @Column({ type: 'uuid' })
  contractId: string;

  @ManyToOne(() => Contract, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'contract_id', foreignKeyConstraintName: 'fk_contract_deliverable_contract' })
  contract?: Contract;

  /** 1, 2, … per contract. */
  @Column({ type: 'int' })
  number: number;

  @Column({ type: 'varchar', length: 255 })
  fileName: string;

  @Column({ type: 'varchar', length: 10 })
  format: ArchiveFormat;

  @Column({ type: 'bigint' })
  sizeBytes: string;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  /** Relative to STORAGE_DIR. */
  @Column({ type: 'varchar', length: 255 })
  storagePath: string;

  @Column({ type: 'int' })
  entryCount: number;

  @Column({ type: 'bigint' })
  expandedBytes: string;

  @Column({ type: 'jsonb' })
  manifest: ManifestEntry[];

  @Column({ type: 'varchar', length: 10, default: 'PENDING' })
  checkStatus: CheckStatus;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  checks: DeliverableCheck[];

  @Column({ type: 'timestamptz', nullable: true })
  checkedAt: Date | null;

  @Column({ type: 'uuid' })
  uploadedById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'uploaded_by_id', foreignKeyConstraintName: 'fk_contract_deliverable_uploaded_by' })
  uploadedBy?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
