import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Matches in rank order for the public search (docs/search.md, issue #15): one row per
 * lexeme of a published opportunity's `rank_vector` (title, summary, skills) with the rank a
 * one-word query for that lexeme gets (`ts_rank(rank_vector, lexeme)`, exactly what the
 * search computes) and the publication time. Its btree walks a word's matches in relevance
 * order (rank, newest first, id), so the first page of a one-word search reads about a page of
 * rows whatever the size of the catalogue, where a GIN index returns every match unordered.
 *
 * About 24 rows per opportunity of the bench’s realistic data: ≈ 3.5 KB with its two indexes
 * (≈ 350 MB at 100 000 opportunities, against 570 MB for the opportunity table).
 * Maintained by statement-level triggers (transition tables, so a bulk insert costs one
 * INSERT … SELECT): rows appear at publication (published_at is never cleared) and follow
 * every change of the rank vector or of published_at. Drafts have no terms: the public list
 * never shows them.
 */
export class SearchRankTerms1798000000000 implements MigrationInterface {
  name = 'SearchRankTerms1798000000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "opportunity_rank_term" (
      "lexeme" text NOT NULL,
      "opportunity_id" uuid NOT NULL,
      "rank" real NOT NULL,
      "published_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "fk_opportunity_rank_term_opportunity" FOREIGN KEY ("opportunity_id")
        REFERENCES "opportunity"("id") ON DELETE CASCADE)`);
    // The triggers replace an opportunity's rows: by opportunity only (a lexeme is unique
    // within a tsvector). Not a primary key on (opportunity_id, lexeme): with the lexeme
    // text it was ~3 times larger than this one, whose repeated keys btree deduplicates.
    await q.query(`CREATE INDEX "ix_opportunity_rank_term_opportunity" ON "opportunity_rank_term" ("opportunity_id")`);
    // The search's relevance order for one word: rank, then newest first, then the id.
    await q.query(`CREATE INDEX "ix_opportunity_rank_term_order"
      ON "opportunity_rank_term" ("lexeme", "rank" DESC, "published_at" DESC, "opportunity_id")`);
    // The one-word query of a lexeme, as the tsquery input syntax wants it (quotes and
    // backslashes doubled), so that the stored rank is ts_rank of that very query.
    await q.query(`CREATE FUNCTION opportunity_lexeme_query(lexeme text) RETURNS tsquery
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$ SELECT ('''' || replace(replace(lexeme, '\\', '\\\\'), '''', '''''') || '''')::tsquery $$`);
    await q.query(`CREATE FUNCTION opportunity_rank_terms_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          DELETE FROM opportunity_rank_term t
           USING old_rows o JOIN new_rows n ON n.id = o.id
           WHERE t.opportunity_id = n.id
             AND (o.rank_vector IS DISTINCT FROM n.rank_vector OR o.published_at IS DISTINCT FROM n.published_at);
          INSERT INTO opportunity_rank_term (lexeme, opportunity_id, rank, published_at)
          SELECT l.lexeme, n.id, ts_rank(n.rank_vector, opportunity_lexeme_query(l.lexeme)), n.published_at
            FROM old_rows o JOIN new_rows n ON n.id = o.id
           CROSS JOIN LATERAL unnest(n.rank_vector) l
           WHERE n.published_at IS NOT NULL
             AND (o.rank_vector IS DISTINCT FROM n.rank_vector OR o.published_at IS DISTINCT FROM n.published_at);
        ELSE
          INSERT INTO opportunity_rank_term (lexeme, opportunity_id, rank, published_at)
          SELECT l.lexeme, n.id, ts_rank(n.rank_vector, opportunity_lexeme_query(l.lexeme)), n.published_at
            FROM new_rows n
           CROSS JOIN LATERAL unnest(n.rank_vector) l
           WHERE n.published_at IS NOT NULL;
        END IF;
        RETURN NULL;
      END
    $$`);
    await q.query(`CREATE TRIGGER "tr_opportunity_rank_terms_insert" AFTER INSERT ON "opportunity"
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION opportunity_rank_terms_refresh()`);
    await q.query(`CREATE TRIGGER "tr_opportunity_rank_terms_update" AFTER UPDATE ON "opportunity"
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
      EXECUTE FUNCTION opportunity_rank_terms_refresh()`);
    await q.query(`INSERT INTO opportunity_rank_term (lexeme, opportunity_id, rank, published_at)
      SELECT l.lexeme, o.id, ts_rank(o.rank_vector, opportunity_lexeme_query(l.lexeme)), o.published_at
        FROM opportunity o CROSS JOIN LATERAL unnest(o.rank_vector) l
       WHERE o.published_at IS NOT NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "tr_opportunity_rank_terms_update" ON "opportunity"`);
    await q.query(`DROP TRIGGER "tr_opportunity_rank_terms_insert" ON "opportunity"`);
    await q.query(`DROP FUNCTION opportunity_rank_terms_refresh()`);
    await q.query(`DROP FUNCTION opportunity_lexeme_query(text)`);
    await q.query(`DROP TABLE "opportunity_rank_term"`);
  }
}
