import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The single row naming the last sealed link of the audit chain. Sealers lock it (FOR UPDATE),
 * so only one seals at a time and the chain never forks; commands never touch it.
 */
@Entity('audit_chain_head')
export class AuditChainHead {
  @PrimaryColumn({ type: 'smallint', primaryKeyConstraintName: 'pk_audit_chain_head' })
  id: number;

  @Column({ type: 'bigint' })
  lastSeq: string;

  @Column({ type: 'char', length: 64 })
  lastHash: string;
}
