import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes of the public search (`GET /opportunities`, src/opportunities/search/README.md):
 *
 * - case-insensitive skills: an immutable function giving the lower-cased skills and a GIN
 *   index over it; the search matches `opportunity_skill_keys(skills) @>
 *   opportunity_skill_keys($1::text[])`, while the stored skills keep the buyer's casing;
 * - one btree per sort (`-publishedAt`, `deadline`, `value`, each ending with the id as the
 *   search does), so that a page of a plain listing walks an index and stops after it;
 * - a covering index for exact totals without reading the table (index-only scans): the
 *   columns of the visibility rule and of the filters other than q and skill.
 */
export class OpportunitySearch1764374400000 implements MigrationInterface {
  name = 'OpportunitySearch1764374400000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION opportunity_skill_keys(skills text[]) RETURNS text[]
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$ SELECT coalesce(array_agg(lower(s)), '{}') FROM unnest(skills) AS s $$`);
    await q.query(
      `CREATE INDEX "ix_opportunity_skill_keys" ON "opportunity" USING GIN (opportunity_skill_keys("skills"))`,
    );
    await q.query(
      `CREATE INDEX "ix_opportunity_sort_published" ON "opportunity" ("published_at" DESC NULLS LAST, "id")`,
    );
    await q.query(`CREATE INDEX "ix_opportunity_sort_deadline" ON "opportunity" ("proposal_deadline", "id") `);
    await q.query(`CREATE INDEX "ix_opportunity_sort_value" ON "opportunity" ("estimated_value_cents", "id") `);
    await q.query(`CREATE INDEX "ix_opportunity_listing" ON "opportunity" ("status", "procurement_mode")
      INCLUDE ("id", "public_body_id", "proposal_deadline", "published_at", "estimated_value_cents")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const index of [
      'ix_opportunity_listing',
      'ix_opportunity_sort_value',
      'ix_opportunity_sort_deadline',
      'ix_opportunity_sort_published',
      'ix_opportunity_skill_keys',
    ]) {
      await q.query(`DROP INDEX "${index}"`);
    }
    await q.query(`DROP FUNCTION opportunity_skill_keys(text[])`);
  }
}
