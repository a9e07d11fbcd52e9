import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A small, inline rank vector for the public search (docs/search.md, issue #15):
 * `search_vector` (title, summary, skills and the ~2 KB description, stored out of line)
 * keeps serving the matching through its GIN index, and `rank_vector` (title, summary and
 * skills only, a few hundred bytes that stay in the heap tuple) is what `ts_rank` reads, so
 * ranking a match no longer fetches and decompresses a TOASTed value.
 * The trigger now fills both; existing rows are backfilled.
 */
export class SearchRankVector1797700000000 implements MigrationInterface {
  name = 'SearchRankVector1797700000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "opportunity" ADD "rank_vector" tsvector`);
    await q.query(`CREATE OR REPLACE FUNCTION opportunity_search_vector_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.rank_vector :=
          setweight(to_tsvector('echanges_french', coalesce(NEW.title->>'fr', '')), 'A') ||
          setweight(to_tsvector('echanges_french', coalesce(NEW.title->>'en', '')), 'C') ||
          setweight(to_tsvector('echanges_french', coalesce(NEW.summary->>'fr', '')), 'B') ||
          setweight(to_tsvector('echanges_french', array_to_string(NEW.skills, ' ')), 'B');
        NEW.search_vector :=
          NEW.rank_vector ||
          setweight(to_tsvector('echanges_french', coalesce(NEW.description->>'fr', '')), 'D');
        RETURN NEW;
      END
    $$`);
    // Inline: never compressed out of line (it is small), read by every ranked match.
    await q.query(`ALTER TABLE "opportunity" ALTER COLUMN "rank_vector" SET STORAGE MAIN`);
    await q.query(`UPDATE "opportunity" SET "title" = "title"`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION opportunity_search_vector_update() RETURNS trigger LANGUAGE plpgsql AS $$
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
    await q.query(`ALTER TABLE "opportunity" DROP COLUMN "rank_vector"`);
  }
}
