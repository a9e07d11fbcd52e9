import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Selection committees (domain.md §6): members of each opportunity's committee (one
 * secretary, evaluators) and their confidentiality / conflict-of-interest declarations.
 */
export class Committee1795900000000 implements MigrationInterface {
  name = 'Committee1795900000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "committee_member" ("opportunity_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" character varying(20) NOT NULL, "appointed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "appointed_by_id" uuid NOT NULL, CONSTRAINT "pk_committee_member" PRIMARY KEY ("opportunity_id", "user_id"))`,
    );
    await q.query(`CREATE INDEX "ix_committee_member_user" ON "committee_member" ("user_id") `);
    await q.query(
      `CREATE TABLE "committee_declaration" ("opportunity_id" uuid NOT NULL, "user_id" uuid NOT NULL, "confidentiality" boolean NOT NULL, "conflict_vendor_ids" uuid array NOT NULL DEFAULT '{}', "recused" boolean NOT NULL DEFAULT false, "signed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_committee_declaration" PRIMARY KEY ("opportunity_id", "user_id"))`,
    );
    await q.query(`CREATE INDEX "ix_committee_declaration_user" ON "committee_declaration" ("user_id") `);
    await q.query(
      `ALTER TABLE "committee_member" ADD CONSTRAINT "fk_committee_member_opportunity" FOREIGN KEY ("opportunity_id") REFERENCES "opportunity"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "committee_member" ADD CONSTRAINT "fk_committee_member_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "committee_member" ADD CONSTRAINT "fk_committee_member_appointed_by" FOREIGN KEY ("appointed_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "committee_declaration" ADD CONSTRAINT "fk_committee_declaration_opportunity" FOREIGN KEY ("opportunity_id") REFERENCES "opportunity"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "committee_declaration" ADD CONSTRAINT "fk_committee_declaration_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "committee_declaration"`);
    await q.query(`DROP TABLE "committee_member"`);
  }
}
