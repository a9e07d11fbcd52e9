import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('public_body')
@Index('uq_public_body_acronym', ['acronym'], { unique: true })
export class PublicBody {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_public_body' })
  id: string;

  @Column({ type: 'varchar', length: 300 })
  nameFr: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  nameEn: string | null;

  @Column({ type: 'varchar', length: 30 })
  acronym: string;

  @Column({ type: 'varchar', length: 255 })
  forgeGroupPath: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
