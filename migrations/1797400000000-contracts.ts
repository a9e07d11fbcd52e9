import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Contracts after the award (domain.md §7): amendments, deliverables (archive SHA-256, per-file
 * manifest, checks), payments, and the lifecycle columns of the contract (delivery, acceptance,
 * forge publication, payment, termination).
 */
export class Contracts1797400000000 implements MigrationInterface {
  name = 'Contracts1797400000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "contract_amendment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "contract_id" uuid NOT NULL, "number" integer NOT NULL, "amount_cents" integer NOT NULL, "justification" text NOT NULL, "created_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_contract_amendment_amount" CHECK ("amount_cents" <> 0), CONSTRAINT "pk_contract_amendment" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "uq_contract_amendment_number" ON "contract_amendment"  ("contract_id", "number") `,
    );
    await q.query(
      `CREATE TABLE "contract_deliverable" ("id" uuid NOT NULL, "contract_id" uuid NOT NULL, "number" integer NOT NULL, "file_name" character varying(255) NOT NULL, "format" character varying(10) NOT NULL, "size_bytes" bigint NOT NULL, "sha256" character(64) NOT NULL, "storage_path" character varying(255) NOT NULL, "entry_count" integer NOT NULL, "expanded_bytes" bigint NOT NULL, "manifest" jsonb NOT NULL, "check_status" character varying(10) NOT NULL DEFAULT 'PENDING', "checks" jsonb NOT NULL DEFAULT '[]', "checked_at" TIMESTAMP WITH TIME ZONE, "uploaded_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_contract_deliverable" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "uq_contract_deliverable_number" ON "contract_deliverable"  ("contract_id", "number") `,
    );
    await q.query(
      `CREATE TABLE "contract_payment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "contract_id" uuid NOT NULL, "invoice_number" character varying(60) NOT NULL, "amount_cents" integer NOT NULL, "recorded_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_contract_payment_amount" CHECK ("amount_cents" > 0), CONSTRAINT "pk_contract_payment" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "uq_contract_payment_invoice" ON "contract_payment"  ("contract_id", "invoice_number") `,
    );
    await q.query(`ALTER TABLE "contract" ADD "delivered_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "contract" ADD "accepted_deliverable_id" uuid`);
    await q.query(`ALTER TABLE "contract" ADD "accepted_criteria" jsonb`);
    await q.query(`ALTER TABLE "contract" ADD "accepted_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "contract" ADD "publication_status" character varying(10)`);
    await q.query(`ALTER TABLE "contract" ADD "publication_attempts" integer NOT NULL DEFAULT '0'`);
    await q.query(`ALTER TABLE "contract" ADD "publication_last_error" text`);
    await q.query(`ALTER TABLE "contract" ADD "project_url" character varying(500)`);
    await q.query(`ALTER TABLE "contract" ADD "commit_sha" character varying(64)`);
    await q.query(`ALTER TABLE "contract" ADD "release_url" character varying(500)`);
    await q.query(`ALTER TABLE "contract" ADD "published_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "contract" ADD "paid_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "contract" ADD "termination_reason" text`);
    await q.query(`ALTER TABLE "contract" ADD "terminated_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(
      `ALTER TABLE "contract_amendment" ADD CONSTRAINT "fk_contract_amendment_contract" FOREIGN KEY ("contract_id") REFERENCES "contract"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "contract_amendment" ADD CONSTRAINT "fk_contract_amendment_created_by" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "contract_deliverable" ADD CONSTRAINT "fk_contract_deliverable_contract" FOREIGN KEY ("contract_id") REFERENCES "contract"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "contract_deliverable" ADD CONSTRAINT "fk_contract_deliverable_uploaded_by" FOREIGN KEY ("uploaded_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "contract_payment" ADD CONSTRAINT "fk_contract_payment_contract" FOREIGN KEY ("contract_id") REFERENCES "contract"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "contract_payment" ADD CONSTRAINT "fk_contract_payment_recorded_by" FOREIGN KEY ("recorded_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "contract_payment" DROP CONSTRAINT "fk_contract_payment_recorded_by"`);
    await q.query(`ALTER TABLE "contract_payment" DROP CONSTRAINT "fk_contract_payment_contract"`);
    await q.query(`ALTER TABLE "contract_deliverable" DROP CONSTRAINT "fk_contract_deliverable_uploaded_by"`);
    await q.query(`ALTER TABLE "contract_deliverable" DROP CONSTRAINT "fk_contract_deliverable_contract"`);
    await q.query(`ALTER TABLE "contract_amendment" DROP CONSTRAINT "fk_contract_amendment_created_by"`);
    await q.query(`ALTER TABLE "contract_amendment" DROP CONSTRAINT "fk_contract_amendment_contract"`);
    await q.query(`ALTER TABLE "contract" DROP COLUMN "terminated_at"`);
    await q.query(`ALTER TABLE "contract" DROP COLUMN "termination_reason"`);
    await q.query(`ALTER TABLE "contract" DROP COLUMN "paid_at"`);
    await q.query(`ALTER TABLE "contract" DROP COLUMN "published_at"`);
    await q.query(`ALTER TABLE "contract" DROP COLUMN "release_url"`);
    await q.query(`ALTER TABLE "contract" DROP COLUMN "commit_sha"`);
    await q.query(`ALTER TABLE "contract" DROP COLUMN "project_url"`);
    await q.query(`ALTER TABLE "contract" DROP COLUMN "publication_last_error"`);
    await q.query(`ALTER TABLE "contract" DROP COLUMN "publication_attempts"`);
    await q.query(`ALTER TABLE "contract" DROP COLUMN "publication_status"`);
    await q.query(`ALTER TABLE "contract" DROP COLUMN "accepted_at"`);
    await q.query(`ALTER TABLE "contract" DROP COLUMN "accepted_criteria"`);
    await q.query(`ALTER TABLE "contract" DROP COLUMN "accepted_deliverable_id"`);
    await q.query(`ALTER TABLE "contract" DROP COLUMN "delivered_at"`);
    await q.query(`DROP INDEX "public"."uq_contract_payment_invoice"`);
    await q.query(`DROP TABLE "contract_payment"`);
    await q.query(`DROP INDEX "public"."uq_contract_deliverable_number"`);
    await q.query(`DROP TABLE "contract_deliverable"`);
    await q.query(`DROP INDEX "public"."uq_contract_amendment_number"`);
    await q.query(`DROP TABLE "contract_amendment"`);
  }
}
