import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Gap-free human references (`EEC-2027-0001`, `C-2027-0001`): the counter row is updated in
 * the transaction that creates the record, so the row lock serializes creators and a rollback
 * gives the number back.
 */
@Entity('reference_counter')
export class ReferenceCounter {
  @PrimaryColumn({ type: 'varchar', length: 10, primaryKeyConstraintName: 'pk_reference_counter' })
  kind: string;

  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'pk_reference_counter' })
  year: number;

  @Column({ type: 'int' })
  lastValue: number;
}
