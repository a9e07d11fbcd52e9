import {
  buildOpportunitySearch,
  OpportunitySearchFilters,
  Statement,
} from '../../src/opportunities/search/opportunity-search.sql';
import { bulkSeedOpportunities, seedPublicBody, seedUser, Sql, sqlOf } from '../support/opportunity-seed';
import { startTestApp, TestApp } from '../support/test-app';

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

const ROWS = 4000;

/** Every node of an EXPLAIN (FORMAT JSON) plan. */
function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

/**
 * The search's own statements (built by the code the API runs), explained by the planner on
 * a table of a few thousand generated opportunities, with ordinary planner settings: no
 * `enable_seqscan = off`. The French vocabulary of the bulk seed gives the search terms a
 * realistic selectivity (about 2.5 % for "développement web").
 *
 * The table is VACUUM ANALYZEd, as autovacuum would leave it. Right after a bulk insert, a
 * GIN index holds the new entries in its fast-update pending list, which every index scan
 * reads in full, and its statistics (filled by VACUUM, not ANALYZE) are empty: the planner
 * then rightly prefers a sequential scan.
 */
describe('Search indexes (EXPLAIN on a few thousand rows)', () => {
  let t: TestApp;
  let sql: Sql;

  async function explain(statement: Statement): Promise<PlanNode[]> {
    const [row] = await sql(`EXPLAIN (FORMAT JSON) ${statement.sql}`, statement.params);
    return nodes((row['QUERY PLAN'] as { Plan: PlanNode }[])[0].Plan);
  }

  const search = (filters: Partial<OpportunitySearchFilters>) =>
    buildOpportunitySearch({ page: 1, pageSize: 20, ...filters }, null);

  beforeAll(async () => {
    t = await startTestApp({ label: 'searchidx', env: { APP_ROLE: 'api' } });
    sql = sqlOf(t.dataSource);
    const bodies = [];
    for (const acronym of ['MCN', 'SAAQ', 'RAMQ', 'MSSS', 'MTMD'])
      bodies.push((await seedPublicBody(sql, { acronym })).id);
    const author = await seedUser(sql, { email: 'auteur@gouv.qc.ca', role: 'buyer', publicBodyId: bodies[0] });
    await bulkSeedOpportunities(sql, { count: ROWS, publicBodyIds: bodies, createdById: author.id });
    await sql('VACUUM ANALYZE opportunity');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('seeds the table', async () => {
    const [{ n }] = await sql(`SELECT count(*)::int AS n FROM opportunity`);
    expect(n).toBe(ROWS);
  });

  it('uses the GIN index ix_opportunity_search for q, in the count and in the page statements', async () => {
    for (const filters of [
      { q: 'développement web' },
      { q: 'développement web', sort: 'deadline' as const },
      { q: 'cartographie' },
    ]) {
      const statements = search(filters);
      for (const statement of [statements.count, statements.page]) {
        const plan = await explain(statement);
        expect([
          filters,
          plan.filter((n) => n['Index Name'] === 'ix_opportunity_search').map((n) => n['Node Type']),
        ]).toEqual([filters, ['Bitmap Index Scan']]);
        // (A sequential scan of the five public bodies is fine: it is the opportunities that matter.)
        expect(plan.filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'opportunity')).toEqual([]);
      }
    }
  });

  it('walks a one-word search by relevance on the rank terms, in order, without the GIN index nor the text', async () => {
    for (const filters of [{ q: 'cartographie' }, { q: 'développements', status: ['PUBLISHED' as const] }]) {
      const ranked = search(filters).ranked!;
      const plan = await explain(ranked);
      expect([filters, plan.filter((n) => n['Index Name'] === 'ix_opportunity_rank_term_order').length]).toEqual([
        filters,
        1,
      ]);
      expect(plan.filter((n) => n['Index Name'] === 'ix_opportunity_search')).toEqual([]);
      // The walk stops after the page: the only sort is the page's own (under no limit).
      const limits = plan.filter((n) => n['Node Type'] === 'Limit');
      expect(limits.flatMap((n) => nodes(n)).filter((n) => n['Node Type'] === 'Sort')).toEqual([]);
      expect(ranked.sql).not.toContain('search_vector');
    }
    // Sorted otherwise, there is no ranked walk.
    expect(search({ q: 'cartographie', sort: 'deadline' }).ranked).toBeNull();
  });

  it('uses the GIN index ix_opportunity_skill_keys for a (case-insensitive) skill', async () => {
    const plan = await explain(search({ skill: ['typescript', 'ACCESSIBILITÉ'] }).count);
    expect(plan.filter((n) => n['Index Name'] === 'ix_opportunity_skill_keys').map((n) => n['Node Type'])).toEqual([
      'Bitmap Index Scan',
    ]);
  });

  it('counts a plain listing over the covering index, without reading the table', async () => {
    for (const filters of [
      {},
      { minValueCents: 2_000_000, maxValueCents: 4_000_000 },
      { status: ['PUBLISHED' as const, 'CANCELLED' as const] },
    ]) {
      const plan = await explain(search(filters).count);
      expect([
        filters,
        plan.filter((n) => n['Index Name'] === 'ix_opportunity_listing').map((n) => n['Node Type']),
      ]).toEqual([filters, ['Index Only Scan']]);
    }
    // No row is EVALUATION yet: the planner knows it (the status filter is spelt out, not a CASE) and uses an index.
    const evaluation = await explain(search({ status: ['EVALUATION'] }).count);
    expect(evaluation.filter((n) => n['Node Type'] === 'Seq Scan')).toEqual([]);
  });

  it.each([
    ['-publishedAt', 'ix_opportunity_sort_published'],
    ['deadline', 'ix_opportunity_sort_deadline'],
    ['value', 'ix_opportunity_sort_value'],
  ] as const)('walks %s order on %s for the page of a plain listing (no sort step)', async (sort, index) => {
    const plan = await explain(search({ sort }).page);
    expect(plan.filter((n) => n['Index Name'] === index).map((n) => n['Node Type'])).toEqual(['Index Scan']);
    expect(plan.filter((n) => n['Node Type'] === 'Sort')).toEqual([]);
  });

  it('answers through the API with the total the count statement gives', async () => {
    const statements = search({ q: 'développement web', sort: 'deadline' });
    const [{ total }] = await sql(statements.count.sql, statements.count.params);
    expect(total).toBeGreaterThan(10);
    expect(total).toBeLessThan(ROWS / 10);
    const res = await t
      .http()
      .get('/api/v1/opportunities')
      .query({ q: 'développement web', sort: 'deadline' })
      .expect(200);
    expect(res.body.total).toBe(total);
    expect(res.body.items).toHaveLength(20);
  });
});
