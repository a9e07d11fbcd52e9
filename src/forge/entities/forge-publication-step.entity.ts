import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Contract } from '../../contracts/entities/contract.entity';

/**
 * One completed step of a contract's forge publication (docs/forge.md): written in its own
 * short transaction once the step's effect exists on the forge, with what the step got back
 * (ids, URLs, SHA). A retry skips the recorded steps and resumes at the first missing one.
 */
@Entity('forge_publication_step')
export class ForgePublicationStep {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_forge_publication_step' })
  contractId: string;

  @ManyToOne(() => Contract, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'contract_id', foreignKeyConstraintName: 'fk_forge_publication_step_contract' })
  contract?: Contract;

  /** namespace, project, commit, push, protect, release, topics. */
  @PrimaryColumn({ type: 'varchar', length: 20, primaryKeyConstraintName: 'pk_forge_publication_step' })
  step: string;

  @Column({ type: 'jsonb' })
  data: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  doneAt: Date;
}
