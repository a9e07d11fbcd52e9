import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Settings the application generates once and every replica must share (e.g. a JWT secret). */
@Entity('app_setting')
export class AppSetting {
  @PrimaryColumn({ type: 'varchar', length: 100, primaryKeyConstraintName: 'pk_app_setting' })
  key: string;

  @Column({ type: 'text' })
  value: string;
}
