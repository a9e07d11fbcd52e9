import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One OCDS 1.1 release (docs/open-data.md), written in the transaction of the command whose
 * state change it describes, and never changed afterwards. `seq` orders every release of the
 * database (the bulk export pages on it); `releaseSeq` numbers the releases of one ocid.
 */
@Entity('ocds_release')
@Index('uq_ocds_release_ocid_seq', ['ocid', 'releaseSeq'], { unique: true })
@Index('uq_ocds_release_release_id', ['releaseId'], { unique: true })
@Index('ix_ocds_release_date', ['date'])
export class OcdsRelease {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'pk_ocds_release' })
  seq: string;

  @Column({ type: 'varchar', length: 60 })
  ocid: string;

  @Column({ type: 'int' })
  releaseSeq: number;

  /** The release `id`: `<ocid>-<releaseSeq>`. */
  @Column({ type: 'varchar', length: 80 })
  releaseId: string;

  @Column({ type: 'text', array: true })
  tags: string[];

  /** Database time of the command that wrote it (the release `date`). */
  @Column({ type: 'timestamptz' })
  date: Date;

  /** The aggregates whose changes the release describes, e.g. `opportunity:<uuid>`. */
  @Column({ type: 'text', array: true })
  entities: string[];

  /** The release itself, as published. */
  @Column({ type: 'jsonb' })
  release: Record<string, unknown>;
}
