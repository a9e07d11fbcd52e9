import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 13 (Low 12): owners invite e-mail addresses to their vendor organization. */
export class VendorInvitations1797100001000 implements MigrationInterface {
  name = 'VendorInvitations1797100001000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "vendor_invitation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "vendor_id" uuid NOT NULL, "email" character varying(254) NOT NULL, "role" character varying(20) NOT NULL, "invited_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "accepted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_vendor_invitation" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_vendor_invitation_email" ON "vendor_invitation" ("email") `);
    await q.query(`CREATE INDEX "ix_vendor_invitation_vendor" ON "vendor_invitation" ("vendor_id") `);
    await q.query(
      `ALTER TABLE "vendor_invitation" ADD CONSTRAINT "fk_vendor_invitation_vendor" FOREIGN KEY ("vendor_id") REFERENCES "vendor_organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "vendor_invitation"`);
  }
}
