import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit chain is sealed after commit instead of inside every command (issue #15 §2,
 * README "Audit chain"). A command only inserts its events (`entry_id` from a sequence, no
 * lock shared with other commands); a sealer — one at a time, under the chain head's row lock —
 * later gives each committed event its place `seq`, its `prev_hash` and `hash` (and
 * `sealed_at`, which is not hashed: it tells the sealing delay), in `entry_id` order. The trigger still refuses DELETE, TRUNCATE and every UPDATE but one: sealing an
 * unsealed event once, without touching what it records.
 */
export class AuditSealing1798100000000 implements MigrationInterface {
  name = 'AuditSealing1798100000000';

  public async up(q: QueryRunner): Promise<void> {
    // Existing events keep their seq as their entry number (the trigger is off for that one UPDATE).
    await q.query(`ALTER TABLE "audit_event" ADD COLUMN "entry_id" bigint`);
    await q.query(`ALTER TABLE "audit_event" DISABLE TRIGGER "trg_audit_event_no_update_delete"`);
    await q.query(`UPDATE "audit_event" SET "entry_id" = "seq"`);
    await q.query(`ALTER TABLE "audit_event" ENABLE TRIGGER "trg_audit_event_no_update_delete"`);
    await q.query(`CREATE SEQUENCE "audit_event_entry_id_seq" OWNED BY "audit_event"."entry_id"`);
    await q.query(
      `SELECT setval('"audit_event_entry_id_seq"', COALESCE(max("seq"), 1), max("seq") IS NOT NULL) FROM "audit_event"`,
    );
    await q.query(
      `ALTER TABLE "audit_event" ALTER COLUMN "entry_id" SET DEFAULT nextval('"audit_event_entry_id_seq"'),
                                 ALTER COLUMN "entry_id" SET NOT NULL`,
    );
    await q.query(`ALTER TABLE "audit_event" DROP CONSTRAINT "pk_audit_event"`);
    await q.query(`ALTER TABLE "audit_event" ADD CONSTRAINT "pk_audit_event" PRIMARY KEY ("entry_id")`);
    await q.query(
      `ALTER TABLE "audit_event" ALTER COLUMN "seq" DROP NOT NULL, ALTER COLUMN "prev_hash" DROP NOT NULL,
                                 ALTER COLUMN "hash" DROP NOT NULL`,
    );
    // When the sealer sealed it (its transaction's time; events sealed before this migration: their occurrence).
    await q.query(`ALTER TABLE "audit_event" ADD COLUMN "sealed_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "audit_event" DISABLE TRIGGER "trg_audit_event_no_update_delete"`);
    await q.query(`UPDATE "audit_event" SET "sealed_at" = "occurred_at"`);
    await q.query(`ALTER TABLE "audit_event" ENABLE TRIGGER "trg_audit_event_no_update_delete"`);
    await q.query(`CREATE UNIQUE INDEX "uq_audit_event_seq" ON "audit_event" ("seq")`);
    // What the sealer reads: the unsealed events, in entry order (empty between passes).
    await q.query(`CREATE INDEX "ix_audit_event_unsealed" ON "audit_event" ("entry_id") WHERE "seq" IS NULL`);
    await q.query(
      `ALTER TABLE "audit_event" ADD CONSTRAINT "ck_audit_event_seal"
         CHECK (("seq" IS NULL) = ("hash" IS NULL) AND ("seq" IS NULL) = ("prev_hash" IS NULL)
                AND ("seq" IS NULL) = ("sealed_at" IS NULL))`,
    );
    await q.query(`CREATE OR REPLACE FUNCTION "audit_event_reject_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          -- The one change allowed: sealing an unsealed event, once, without touching what it records.
          IF OLD."seq" IS NULL AND NEW."seq" IS NOT NULL
             AND (NEW."entry_id", NEW."occurred_at", NEW."actor_id", NEW."actor_role", NEW."action",
                  NEW."entity_type", NEW."entity_id", NEW."data", NEW."request_id")
                 IS NOT DISTINCT FROM
                 (OLD."entry_id", OLD."occurred_at", OLD."actor_id", OLD."actor_role", OLD."action",
                  OLD."entity_type", OLD."entity_id", OLD."data", OLD."request_id") THEN
            RETURN NEW;
          END IF;
        END IF;
        RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
    $$`);
  }

  public async down(q: QueryRunner): Promise<void> {
    // Only a fully sealed log goes back to the in-command chain.
    await q.query(`CREATE OR REPLACE FUNCTION "audit_event_reject_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
    $$`);
    await q.query(`ALTER TABLE "audit_event" DROP CONSTRAINT "ck_audit_event_seal"`);
    await q.query(`DROP INDEX "ix_audit_event_unsealed"`);
    await q.query(`DROP INDEX "uq_audit_event_seq"`);
    await q.query(
      `ALTER TABLE "audit_event" ALTER COLUMN "seq" SET NOT NULL, ALTER COLUMN "prev_hash" SET NOT NULL,
                                 ALTER COLUMN "hash" SET NOT NULL`,
    );
    await q.query(`ALTER TABLE "audit_event" DROP CONSTRAINT "pk_audit_event"`);
    await q.query(`ALTER TABLE "audit_event" ADD CONSTRAINT "pk_audit_event" PRIMARY KEY ("seq")`);
    await q.query(`ALTER TABLE "audit_event" DROP COLUMN "sealed_at"`);
    await q.query(`ALTER TABLE "audit_event" DROP COLUMN "entry_id"`);
  }
}
