import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Proposals (domain.md §5): the sealed proposal, its price envelope in a table of its own,
 * its version history and attachments; idempotency records for submissions (P9); the time
 * the scores were locked (§5.1: price envelopes open then).
 */
export class Proposals1795800000000 implements MigrationInterface {
  name = 'Proposals1795800000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "proposal" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "opportunity_id" uuid NOT NULL, "vendor_id" uuid NOT NULL, "author_id" uuid NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'DRAFT', "responses" jsonb NOT NULL DEFAULT '[]', "attestations" jsonb NOT NULL DEFAULT '{"acceptTerms": false, "acceptLicense": false, "conflictOfInterest": null}', "version" integer NOT NULL DEFAULT '1', "submitted_at" TIMESTAMP WITH TIME ZONE, "receipt_hash" character(64), "withdrawn_at" TIMESTAMP WITH TIME ZONE, "disqualification_reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_proposal" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_proposal_vendor" ON "proposal"  ("vendor_id") `);
    await q.query(`CREATE INDEX "ix_proposal_opportunity" ON "proposal"  ("opportunity_id", "status") `);
    await q.query(
      `CREATE TABLE "proposal_attachment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "proposal_id" uuid NOT NULL, "file_name" character varying(255) NOT NULL, "content_type" character varying(100) NOT NULL, "size_bytes" integer NOT NULL, "sha256" character(64) NOT NULL, "content" bytea NOT NULL, "uploaded_by_id" uuid NOT NULL, "uploaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "removed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_proposal_attachment" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_proposal_attachment_proposal" ON "proposal_attachment"  ("proposal_id") `);
    await q.query(
      `CREATE TABLE "proposal_price" ("proposal_id" uuid NOT NULL, "price_cents" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_proposal_price" PRIMARY KEY ("proposal_id"))`,
    );
    await q.query(
      `CREATE TABLE "proposal_version" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "proposal_id" uuid NOT NULL, "version" integer NOT NULL, "status" character varying(20) NOT NULL, "responses" jsonb NOT NULL, "attestations" jsonb NOT NULL, "price_cents" integer, "changed_by_id" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_proposal_version" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_proposal_version" ON "proposal_version"  ("proposal_id", "version") `);
    await q.query(
      `CREATE TABLE "idempotency_record" ("user_id" uuid NOT NULL, "scope_key" character varying(300) NOT NULL, "request_hash" character(64) NOT NULL, "response_status" integer NOT NULL, "response_body" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_idempotency_record" PRIMARY KEY ("user_id", "scope_key"))`,
    );
    await q.query(
      `ALTER TABLE "proposal" ADD CONSTRAINT "fk_proposal_opportunity" FOREIGN KEY ("opportunity_id") REFERENCES "opportunity"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "proposal" ADD CONSTRAINT "fk_proposal_vendor" FOREIGN KEY ("vendor_id") REFERENCES "vendor_organization"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "proposal" ADD CONSTRAINT "fk_proposal_author" FOREIGN KEY ("author_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "proposal_attachment" ADD CONSTRAINT "fk_proposal_attachment_proposal" FOREIGN KEY ("proposal_id") REFERENCES "proposal"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "proposal_price" ADD CONSTRAINT "fk_proposal_price_proposal" FOREIGN KEY ("proposal_id") REFERENCES "proposal"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "proposal_version" ADD CONSTRAINT "fk_proposal_version_proposal" FOREIGN KEY ("proposal_id") REFERENCES "proposal"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(`ALTER TABLE "opportunity" ADD "scores_locked_at" TIMESTAMP WITH TIME ZONE`);
    // P1: one non-withdrawn proposal per vendor organization and opportunity.
    await q.query(
      `CREATE UNIQUE INDEX "uq_proposal_active_per_vendor" ON "proposal" ("opportunity_id", "vendor_id") WHERE "status" <> 'WITHDRAWN'`,
    );
    await q.query(`ALTER TABLE "proposal_price" ADD CONSTRAINT "ck_proposal_price_positive" CHECK ("price_cents" > 0)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'idempotency_record',
      'proposal_version',
      'proposal_price',
      'proposal_attachment',
      'proposal',
    ]) {
      await q.query(`DROP TABLE "${table}"`);
    }
    await q.query(`ALTER TABLE "opportunity" DROP COLUMN "scores_locked_at"`);
  }
}
