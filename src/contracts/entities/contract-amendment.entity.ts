import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../../users/entities/user.entity';
import { Contract } from './contract.entity';

/** An amendment to a contract's amount (domain.md §7): signed cents and a justification. */
@Entity('contract_amendment')
@Index('uq_contract_amendment_number', ['contractId', 'number'], { unique: true })
@Check('ck_contract_amendment_amount', '"amount_cents" <> 0')
export class ContractAmendment {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_contract_amendment' })
  id: string;

  @Column({ type: 'uuid' })
  contractId: string;

  @ManyToOne(() => Contract, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'contract_id', foreignKeyConstraintName: 'fk_contract_amendment_contract' })
  contract?: Contract;

  /** 1, 2, … per contract. */
  @Column({ type: 'int' })
  number: number;

  /** Signed: negative for a scope reduction. */
  @Column({ type: 'int' })
  amountCents: number;

  @Column({ type: 'text' })
  justification: string;

  @Column({ type: 'uuid' })
  createdById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by_id', foreignKeyConstraintName: 'fk_contract_amendment_created_by' })
  createdBy?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
