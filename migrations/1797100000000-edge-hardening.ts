import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13: log-in failures per account and per address (login_throttle), and the look-alike
 * skeleton of each account's e-mail (unique). Existing accounts get their lower-cased address
 * as skeleton.
 */
export class EdgeHardening1797100000000 implements MigrationInterface {
  name = 'EdgeHardening1797100000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "login_throttle" ("key" character varying(300) NOT NULL, "failures" integer NOT NULL, "last_failure_at" TIMESTAMP WITH TIME ZONE NOT NULL, "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_login_throttle" PRIMARY KEY ("key"))`,
    );
    await q.query(`ALTER TABLE "app_user" ADD "email_skeleton" character varying(300)`);
    await q.query(`UPDATE "app_user" SET "email_skeleton" = lower("email")`);
    await q.query(`CREATE UNIQUE INDEX "uq_app_user_email_skeleton" ON "app_user" ("email_skeleton") `);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."uq_app_user_email_skeleton"`);
    await q.query(`ALTER TABLE "app_user" DROP COLUMN "email_skeleton"`);
    await q.query(`DROP TABLE "login_throttle"`);
  }
}
