import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Foundation schema: accounts, refresh tokens, organizations, ineligible register,
 * hash-chained audit log (append-only, enforced by triggers), job outbox, settings.
 */
export class Foundation1764201600000 implements MigrationInterface {
  name = 'Foundation1764201600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "audit_chain_head" ("id" smallint NOT NULL, "last_seq" bigint NOT NULL, "last_hash" character(64) NOT NULL, CONSTRAINT "pk_audit_chain_head" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "audit_event" ("seq" bigint NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_id" uuid, "actor_role" character varying(20), "action" character varying(100) NOT NULL, "entity_type" character varying(50) NOT NULL, "entity_id" character varying(100), "data" jsonb NOT NULL, "request_id" character varying(128), "prev_hash" character(64) NOT NULL, "hash" character(64) NOT NULL, CONSTRAINT "pk_audit_event" PRIMARY KEY ("seq"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_audit_event_hash" ON "audit_event"  ("hash") `);
    await q.query(`CREATE INDEX "ix_audit_event_occurred_at" ON "audit_event"  ("occurred_at") `);
    await q.query(`CREATE INDEX "ix_audit_event_entity" ON "audit_event"  ("entity_id") `);
    await q.query(
      `CREATE TABLE "public_body" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name_fr" character varying(300) NOT NULL, "name_en" character varying(300), "acronym" character varying(30) NOT NULL, "forge_group_path" character varying(255) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_public_body" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_public_body_acronym" ON "public_body"  ("acronym") `);
    await q.query(
      `CREATE TABLE "app_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(254) NOT NULL, "name" character varying(200) NOT NULL, "password_hash" character varying(200) NOT NULL, "role" character varying(20) NOT NULL, "public_body_id" uuid, "preferred_language" character varying(2) NOT NULL DEFAULT 'fr', "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_app_user" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_app_user_email" ON "app_user"  ("email") `);
    await q.query(
      `CREATE TABLE "refresh_token" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "family_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_refresh_token" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_refresh_token_user" ON "refresh_token"  ("user_id") `);
    await q.query(`CREATE INDEX "ix_refresh_token_family" ON "refresh_token"  ("family_id") `);
    await q.query(
      `CREATE TABLE "job_outbox" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "job_id" character varying(200) NOT NULL, "queue" character varying(50) NOT NULL, "name" character varying(100) NOT NULL, "payload" jsonb NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'pending', "run_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "attempts" integer NOT NULL DEFAULT '0', "max_attempts" integer NOT NULL DEFAULT '5', "locked_until" TIMESTAMP WITH TIME ZONE, "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "relayed_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_job_outbox" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_job_outbox_status_run_at" ON "job_outbox"  ("status", "run_at") `);
    await q.query(`CREATE UNIQUE INDEX "uq_job_outbox_job_id" ON "job_outbox"  ("job_id") `);
    await q.query(
      `CREATE TABLE "ineligible_enterprise" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "neq" character(10) NOT NULL, "name" character varying(300) NOT NULL, "effective_from" date NOT NULL, "effective_to" date, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_ineligible_enterprise" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_ineligible_enterprise_neq" ON "ineligible_enterprise"  ("neq") `);
    await q.query(
      `CREATE TABLE "vendor_organization" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "legal_name" character varying(300) NOT NULL, "neq" character(10) NOT NULL, "size" character varying(10) NOT NULL, "email" character varying(254) NOT NULL, "city" character varying(120) NOT NULL, "province" character varying(2) NOT NULL, "postal_code" character varying(7) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_vendor_organization" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_vendor_organization_neq" ON "vendor_organization"  ("neq") `);
    await q.query(
      `CREATE TABLE "vendor_membership" ("vendor_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" character varying(10) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_vendor_membership" PRIMARY KEY ("vendor_id", "user_id"))`,
    );
    await q.query(`CREATE INDEX "ix_vendor_membership_user" ON "vendor_membership"  ("user_id") `);
    await q.query(
      `CREATE TABLE "app_setting" ("key" character varying(100) NOT NULL, "value" text NOT NULL, CONSTRAINT "pk_app_setting" PRIMARY KEY ("key"))`,
    );
    await q.query(
      `ALTER TABLE "app_user" ADD CONSTRAINT "fk_app_user_public_body" FOREIGN KEY ("public_body_id") REFERENCES "public_body"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "refresh_token" ADD CONSTRAINT "fk_refresh_token_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "vendor_membership" ADD CONSTRAINT "fk_vendor_membership_vendor" FOREIGN KEY ("vendor_id") REFERENCES "vendor_organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "vendor_membership" ADD CONSTRAINT "fk_vendor_membership_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // Audit log: the chain head starts at the genesis hash; events can never change.
    await q.query(`INSERT INTO "audit_chain_head" ("id", "last_seq", "last_hash") VALUES (1, 0, repeat('0', 64))`);
    await q.query(`CREATE FUNCTION "audit_event_reject_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
    $$`);
    await q.query(
      `CREATE TRIGGER "trg_audit_event_no_update_delete" BEFORE UPDATE OR DELETE ON "audit_event" FOR EACH ROW EXECUTE FUNCTION "audit_event_reject_change"()`,
    );
    await q.query(
      `CREATE TRIGGER "trg_audit_event_no_truncate" BEFORE TRUNCATE ON "audit_event" FOR EACH STATEMENT EXECUTE FUNCTION "audit_event_reject_change"()`,
    );
    await q.query(
      `ALTER TABLE "vendor_organization" ADD CONSTRAINT "ck_vendor_organization_neq" CHECK ("neq" ~ '^[0-9]{10}$')`,
    );
    await q.query(
      `ALTER TABLE "ineligible_enterprise" ADD CONSTRAINT "ck_ineligible_enterprise_period" CHECK ("effective_to" IS NULL OR "effective_to" >= "effective_from")`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'vendor_membership',
      'refresh_token',
      'app_user',
      'vendor_organization',
      'public_body',
      'ineligible_enterprise',
      'job_outbox',
      'app_setting',
      'audit_chain_head',
    ]) {
      await q.query(`DROP TABLE "${table}"`);
    }
    await q.query(`DROP TRIGGER "trg_audit_event_no_truncate" ON "audit_event"`);
    await q.query(`DROP TRIGGER "trg_audit_event_no_update_delete" ON "audit_event"`);
    await q.query(`DROP TABLE "audit_event"`);
    await q.query(`DROP FUNCTION "audit_event_reject_change"()`);
  }
}
