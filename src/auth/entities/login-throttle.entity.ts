import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Failed log-ins of one account (`account:<e-mail skeleton>`, whether or not the account
 * exists) or of one client address (`address:<ip>`), in PostgreSQL so that every replica
 * counts the same attempts (see LoginThrottle).
 */
@Entity('login_throttle')
export class LoginThrottleRow {
  @PrimaryColumn({ type: 'varchar', length: 300, primaryKeyConstraintName: 'pk_login_throttle' })
  key: string;

  @Column({ type: 'int' })
  failures: number;

  @Column({ type: 'timestamptz' })
  lastFailureAt: Date;

  /** No attempt is examined before this instant (the growing delay, then the lock). */
  @Column({ type: 'timestamptz' })
  nextAttemptAt: Date;
}
