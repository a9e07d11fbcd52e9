import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A row of the register of enterprises ineligible for public contracts (RENA). */
@Entity('ineligible_enterprise')
@Check('ck_ineligible_enterprise_period', '"effective_to" IS NULL OR "effective_to" >= "effective_from"')
@Index('ix_ineligible_enterprise_neq', ['neq'])
export class IneligibleEnterprise {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_ineligible_enterprise' })
  id: string;

  @Column({ type: 'char', length: 10 })
  neq: string;

  @Column({ type: 'varchar', length: 300 })
  name: string;

  /** First day of ineligibility (America/Montreal calendar day, inclusive). */
  @Column({ type: 'date' })
  effectiveFrom: string;

  /** Last day of ineligibility (inclusive); null while it lasts. */
  @Column({ type: 'date', nullable: true })
  effectiveTo: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
