import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Award (domain.md §7): the contract an award creates (one per opportunity, one per
 * proposal, gap-free references), the award and no-award conclusions on the opportunity,
 * and draw rounds (a new draw when the winner of the last one is found ineligible at award).
 */
export class Award1796100000000 implements MigrationInterface {
  name = 'Award1796100000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "contract" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "reference" character varying(20) NOT NULL, "opportunity_id" uuid NOT NULL, "proposal_id" uuid NOT NULL, "supplier_id" uuid NOT NULL, "initial_amount_cents" integer NOT NULL, "delivery_due_date" date NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'ACTIVE', "awarded_by_id" uuid NOT NULL, "awarded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_contract_initial_amount" CHECK ("initial_amount_cents" > 0), CONSTRAINT "pk_contract" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_contract_supplier" ON "contract"  ("supplier_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_contract_proposal" ON "contract"  ("proposal_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_contract_opportunity" ON "contract"  ("opportunity_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_contract_reference" ON "contract"  ("reference") `);
    await q.query(`ALTER TABLE "opportunity" ADD "awarded_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "opportunity" ADD "unsuccessful_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "opportunity" ADD "unsuccessful_reason" text`);
    await q.query(`ALTER TABLE "evaluation_draw" ADD "round" integer NOT NULL DEFAULT '1'`);
    await q.query(`ALTER TABLE "evaluation_draw" DROP CONSTRAINT "pk_evaluation_draw"`);
    await q.query(
      `ALTER TABLE "evaluation_draw" ADD CONSTRAINT "pk_evaluation_draw" PRIMARY KEY ("opportunity_id", "round")`,
    );
    await q.query(
      `ALTER TABLE "contract" ADD CONSTRAINT "fk_contract_opportunity" FOREIGN KEY ("opportunity_id") REFERENCES "opportunity"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "contract" ADD CONSTRAINT "fk_contract_proposal" FOREIGN KEY ("proposal_id") REFERENCES "proposal"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "contract" ADD CONSTRAINT "fk_contract_supplier" FOREIGN KEY ("supplier_id") REFERENCES "vendor_organization"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "contract" ADD CONSTRAINT "fk_contract_awarded_by" FOREIGN KEY ("awarded_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "contract"`);
    await q.query(`ALTER TABLE "evaluation_draw" DROP CONSTRAINT "pk_evaluation_draw"`);
    await q.query(`ALTER TABLE "evaluation_draw" DROP COLUMN "round"`);
    await q.query(`ALTER TABLE "evaluation_draw" ADD CONSTRAINT "pk_evaluation_draw" PRIMARY KEY ("opportunity_id")`);
    await q.query(`ALTER TABLE "opportunity" DROP COLUMN "unsuccessful_reason"`);
    await q.query(`ALTER TABLE "opportunity" DROP COLUMN "unsuccessful_at"`);
    await q.query(`ALTER TABLE "opportunity" DROP COLUMN "awarded_at"`);
  }
}
