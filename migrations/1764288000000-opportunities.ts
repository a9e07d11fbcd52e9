import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Opportunities (domain.md §4): the aggregate, criteria, addenda, questions, invitations,
 * subscriptions; gap-free reference counters; e-mail notifications; French full-text search
 * (accent- and case-insensitive, stemmed) maintained by a trigger and served by GIN indexes.
 */
export class Opportunities1764288000000 implements MigrationInterface {
  name = 'Opportunities1764288000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "notification" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "dedup_key" character varying(300) NOT NULL, "recipient_user_id" uuid, "recipient_email" character varying(254) NOT NULL, "language" character varying(2) NOT NULL, "template" character varying(60) NOT NULL, "entity_type" character varying(50), "entity_id" character varying(100), "data" jsonb NOT NULL, "subject" character varying(300), "status" character varying(10) NOT NULL DEFAULT 'queued', "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "message_id" character varying(300), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_notification" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_notification_entity" ON "notification"  ("entity_id") `);
    await q.query(`CREATE INDEX "ix_notification_recipient" ON "notification"  ("recipient_user_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_notification_dedup_key" ON "notification"  ("dedup_key") `);
    await q.query(
      `CREATE TABLE "opportunity" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "reference" character varying(20) NOT NULL, "ocid" character varying(40) NOT NULL, "public_body_id" uuid NOT NULL, "created_by_id" uuid NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'DRAFT', "title" jsonb NOT NULL, "summary" jsonb NOT NULL, "description" jsonb NOT NULL, "skills" text array NOT NULL DEFAULT '{}', "procurement_mode" character varying(12) NOT NULL, "estimated_value_cents" integer NOT NULL, "options_description" jsonb, "evaluation_method" character varying(30) NOT NULL, "k_percent" numeric(5,2), "acceptance_criteria" jsonb NOT NULL DEFAULT '[]', "license" character varying(40), "forge_project_path" character varying(255), "delivery_due_date" date, "proposal_deadline" TIMESTAMP WITH TIME ZONE, "questions_deadline" TIMESTAMP WITH TIME ZONE, "complaint_deadline" TIMESTAMP WITH TIME ZONE, "published_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, "review_comment" text, "splitting_justification" text, "cancellation_reason" text, "cancelled_at" TIMESTAMP WITH TIME ZONE, "search_vector" tsvector, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_opportunity" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_opportunity_published_at" ON "opportunity"  ("published_at") `);
    await q.query(`CREATE INDEX "ix_opportunity_public_body" ON "opportunity"  ("public_body_id") `);
    await q.query(`CREATE INDEX "ix_opportunity_status_deadline" ON "opportunity"  ("status", "proposal_deadline") `);
    await q.query(`CREATE UNIQUE INDEX "uq_opportunity_ocid" ON "opportunity"  ("ocid") `);
    await q.query(`CREATE UNIQUE INDEX "uq_opportunity_reference" ON "opportunity"  ("reference") `);
    await q.query(
      `CREATE TABLE "opportunity_addendum" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "opportunity_id" uuid NOT NULL, "number" integer NOT NULL, "body" jsonb NOT NULL, "affects_price" boolean NOT NULL, "previous_deadline" TIMESTAMP WITH TIME ZONE NOT NULL, "proposal_deadline" TIMESTAMP WITH TIME ZONE NOT NULL, "created_by_id" uuid NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_opportunity_addendum" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "uq_opportunity_addendum_number" ON "opportunity_addendum"  ("opportunity_id", "number") `,
    );
    await q.query(
      `CREATE TABLE "opportunity_criterion" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "opportunity_id" uuid NOT NULL, "position" integer NOT NULL, "title" jsonb NOT NULL, "description" jsonb, "weight" numeric(5,2) NOT NULL, "minimum_required" boolean NOT NULL DEFAULT false, CONSTRAINT "pk_opportunity_criterion" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "uq_opportunity_criterion_position" ON "opportunity_criterion"  ("opportunity_id", "position") `,
    );
    await q.query(
      `CREATE TABLE "opportunity_invitation" ("opportunity_id" uuid NOT NULL, "vendor_id" uuid NOT NULL, "invited_by_id" uuid NOT NULL, "invited_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_opportunity_invitation" PRIMARY KEY ("opportunity_id", "vendor_id"))`,
    );
    await q.query(`CREATE INDEX "ix_opportunity_invitation_vendor" ON "opportunity_invitation"  ("vendor_id") `);
    await q.query(
      `CREATE TABLE "opportunity_question" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "opportunity_id" uuid NOT NULL, "asked_by_id" uuid NOT NULL, "question" text NOT NULL, "asked_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "answer" jsonb, "answered_by_id" uuid, "answered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_opportunity_question" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_opportunity_question_opportunity" ON "opportunity_question"  ("opportunity_id") `);
    await q.query(
      `CREATE TABLE "opportunity_subscription" ("opportunity_id" uuid NOT NULL, "user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_opportunity_subscription" PRIMARY KEY ("opportunity_id", "user_id"))`,
    );
    await q.query(`CREATE INDEX "ix_opportunity_subscription_user" ON "opportunity_subscription"  ("user_id") `);
    await q.query(
      `CREATE TABLE "reference_counter" ("kind" character varying(10) NOT NULL, "year" integer NOT NULL, "last_value" integer NOT NULL, CONSTRAINT "pk_reference_counter" PRIMARY KEY ("kind", "year"))`,
    );
    await q.query(`ALTER TABLE "app_user" ADD "notify_new_opportunities" boolean NOT NULL DEFAULT false`);
    await q.query(
      `ALTER TABLE "opportunity" ADD CONSTRAINT "fk_opportunity_public_body" FOREIGN KEY ("public_body_id") REFERENCES "public_body"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "opportunity" ADD CONSTRAINT "fk_opportunity_created_by" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "opportunity_addendum" ADD CONSTRAINT "fk_opportunity_addendum_opportunity" FOREIGN KEY ("opportunity_id") REFERENCES "opportunity"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "opportunity_addendum" ADD CONSTRAINT "fk_opportunity_addendum_created_by" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "opportunity_criterion" ADD CONSTRAINT "fk_opportunity_criterion_opportunity" FOREIGN KEY ("opportunity_id") REFERENCES "opportunity"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "opportunity_invitation" ADD CONSTRAINT "fk_opportunity_invitation_opportunity" FOREIGN KEY ("opportunity_id") REFERENCES "opportunity"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "opportunity_invitation" ADD CONSTRAINT "fk_opportunity_invitation_vendor" FOREIGN KEY ("vendor_id") REFERENCES "vendor_organization"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "opportunity_question" ADD CONSTRAINT "fk_opportunity_question_opportunity" FOREIGN KEY ("opportunity_id") REFERENCES "opportunity"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "opportunity_question" ADD CONSTRAINT "fk_opportunity_question_asked_by" FOREIGN KEY ("asked_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "opportunity_subscription" ADD CONSTRAINT "fk_opportunity_subscription_opportunity" FOREIGN KEY ("opportunity_id") REFERENCES "opportunity"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "opportunity_subscription" ADD CONSTRAINT "fk_opportunity_subscription_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // French search that ignores accents: unaccent runs before the French stemmer.
    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    await q.query(`CREATE TEXT SEARCH CONFIGURATION echanges_french (COPY = french)`);
    await q.query(
      `ALTER TEXT SEARCH CONFIGURATION echanges_french ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem`,
    );
    await q.query(`CREATE FUNCTION opportunity_search_vector_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search_vector :=
          setweight(to_tsvector('echanges_french', coalesce(NEW.title->>'fr', '')), 'A') ||
          setweight(to_tsvector('echanges_french', coalesce(NEW.title->>'en', '')), 'C') ||
          setweight(to_tsvector('echanges_french', coalesce(NEW.summary->>'fr', '')), 'B') ||
          setweight(to_tsvector('echanges_french', array_to_string(NEW.skills, ' ')), 'B') ||
          setweight(to_tsvector('echanges_french', coalesce(NEW.description->>'fr', '')), 'D');
        RETURN NEW;
      END
    $$`);
    await q.query(`CREATE TRIGGER trg_opportunity_search_vector BEFORE INSERT OR UPDATE OF title, summary, description, skills
      ON "opportunity" FOR EACH ROW EXECUTE FUNCTION opportunity_search_vector_update()`);
    await q.query(`CREATE INDEX "ix_opportunity_search" ON "opportunity" USING GIN ("search_vector")`);
    await q.query(`CREATE INDEX "ix_opportunity_skills" ON "opportunity" USING GIN ("skills")`);
    await q.query(
      `ALTER TABLE "opportunity" ADD CONSTRAINT "ck_opportunity_value" CHECK ("estimated_value_cents" > 0)`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'opportunity_subscription',
      'opportunity_invitation',
      'opportunity_question',
      'opportunity_addendum',
      'opportunity_criterion',
      'opportunity',
      'reference_counter',
      'notification',
    ]) {
      await q.query(`DROP TABLE "${table}"`);
    }
    await q.query(`DROP FUNCTION opportunity_search_vector_update()`);
    await q.query(`DROP TEXT SEARCH CONFIGURATION echanges_french`);
    await q.query(`ALTER TABLE "app_user" DROP COLUMN "notify_new_opportunities"`);
  }
}
