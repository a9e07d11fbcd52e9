import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The single row naming the last link of the audit chain. Appenders lock it (FOR UPDATE),
 * so concurrent commands take turns and the chain never forks.
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
