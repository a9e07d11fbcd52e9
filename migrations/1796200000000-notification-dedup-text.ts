import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `notification.dedup_key` (`<eventKey>:<email>`) becomes text: with a 254-character address
 * the key overflowed varchar(300) and failed the whole command (a publication, an addendum).
 */
export class NotificationDedupText1796200000000 implements MigrationInterface {
  name = 'NotificationDedupText1796200000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "notification" ALTER COLUMN "dedup_key" TYPE text`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "notification" ALTER COLUMN "dedup_key" TYPE character varying(300)`);
  }
}
