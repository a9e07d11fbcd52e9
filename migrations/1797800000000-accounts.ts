import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts (docs/accounts.md): e-mail verification of self-registered vendors (existing
 * accounts count as verified) and the single-use links of e-mail verification and password reset.
 */
export class Accounts1797800000000 implements MigrationInterface {
  name = 'Accounts1797800000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "app_user" ADD "email_verified_at" TIMESTAMP WITH TIME ZONE DEFAULT now()`);
    await q.query(
      `CREATE TABLE "account_token" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "purpose" character varying(20) NOT NULL, "token_hash" character(64), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_account_token" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_account_token_user" ON "account_token" ("user_id") `);
    await q.query(
      `ALTER TABLE "account_token" ADD CONSTRAINT "fk_account_token_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "account_token"`);
    await q.query(`ALTER TABLE "app_user" DROP COLUMN "email_verified_at"`);
  }
}
