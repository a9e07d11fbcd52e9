import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../../users/entities/user.entity';
import { Contract } from './contract.entity';

/** A payment recorded by the owning buyer after publication (domain.md §7). */
@Entity('contract_payment')
@Index('uq_contract_payment_invoice', ['contractId', 'invoiceNumber'], { unique: true })
@Check('ck_contract_payment_amount', '"amount_cents" > 0')
export class ContractPayment {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_contract_payment' })
  id: string;

  @Column({ type: 'uuid' })
  contractId: string;

  @ManyToOne(() => Contract, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'contract_id', foreignKeyConstraintName: 'fk_contract_payment_contract' })
  contract?: Contract;

  /** The supplier's invoice number, unique per contract. */
  @Column({ type: 'varchar', length: 60 })
  invoiceNumber: string;

  @Column({ type: 'int' })
  amountCents: number;

  @Column({ type: 'uuid' })
  recordedById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recorded_by_id', foreignKeyConstraintName: 'fk_contract_payment_recorded_by' })
  recordedBy?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
