import { MigrationInterface, QueryRunner } from 'typeorm';

/** E-mail notifications: a note on how an e-mail was delivered when not through SMTP (log only). */
export class NotificationDeliveryNote1795755495063 implements MigrationInterface {
  name = 'NotificationDeliveryNote1795755495063';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "notification" ADD "note" character varying(300)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "notification" DROP COLUMN "note"`);
  }
}
