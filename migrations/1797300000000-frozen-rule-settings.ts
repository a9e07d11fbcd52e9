import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rule settings that decide a tender (quality threshold, committee minimum and external
 * rule, tender period, questions hours, addendum days) are frozen on the opportunity at its
 * publication. Opportunities published before keep following the configuration (null).
 *
 * A declaration's recusal is no longer stored: it is computed at every read from the declared
 * conflicts and the vendors that bid (domain.md §6), so it no longer depends on whether the
 * declaration or the submission came first.
 */
export class FrozenRuleSettings1797300000000 implements MigrationInterface {
  name = 'FrozenRuleSettings1797300000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "opportunity"
      ADD "quality_threshold" integer,
      ADD "committee_min_evaluators" integer,
      ADD "committee_require_external" boolean,
      ADD "min_tender_period_days" integer,
      ADD "questions_close_hours" integer,
      ADD "addendum_min_days" integer`);
    await q.query(`ALTER TABLE "committee_declaration" DROP COLUMN "recused"`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "committee_declaration" ADD "recused" boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE "opportunity"
      DROP COLUMN "quality_threshold",
      DROP COLUMN "committee_min_evaluators",
      DROP COLUMN "committee_require_external",
      DROP COLUMN "min_tender_period_days",
      DROP COLUMN "questions_close_hours",
      DROP COLUMN "addendum_min_days"`);
  }
}
