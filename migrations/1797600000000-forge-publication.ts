import { MigrationInterface, QueryRunner } from 'typeorm';

/** Forge publication steps (docs/forge.md): one row per completed step of a contract's publication. */
export class ForgePublication1797600000000 implements MigrationInterface {
  name = 'ForgePublication1797600000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "forge_publication_step" ("contract_id" uuid NOT NULL, "step" character varying(20) NOT NULL, "data" jsonb NOT NULL, "done_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_forge_publication_step" PRIMARY KEY ("contract_id", "step"))`,
    );
    await q.query(
      `ALTER TABLE "forge_publication_step" ADD CONSTRAINT "fk_forge_publication_step_contract" FOREIGN KEY ("contract_id") REFERENCES "contract"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "forge_publication_step"`);
  }
}
