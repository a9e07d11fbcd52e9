import type { Actor } from '../../common/auth/actor';
import { pageOffset } from '../../common/util/pagination';
import { SqlParams } from '../../common/util/sql-params';
import type { OpportunityStatus } from '../entities/opportunity.entity';
import { effectiveStatusSql, visibilitySql } from '../opportunity-visibility';

/**
 * The SQL of the public search (`GET /opportunities`), as plain functions outside any Nest
 * module (only the shared pagination and parameter helpers): the service runs it, and the
 * bench runs exactly the same statements through `pg`.
 * Every user value travels as a bind parameter; the text of the SQL depends only on which
 * filters are present and on the sort.
 */

/** Statuses the public list may show (O13: never DRAFT nor UNDER_REVIEW, for anyone). */
export const LISTABLE_STATUSES = [
  'PUBLISHED',
  'EVALUATION',
  'AWARDED',
  'UNSUCCESSFUL',
  'CANCELLED',
] as const satisfies readonly OpportunityStatus[];
export type ListableStatus = (typeof LISTABLE_STATUSES)[number];

export const SEARCH_SORTS = ['deadline', '-publishedAt', 'value'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

/**
 * Up to this many matches a listing's total is exact; above it the total is the planner's
 * estimate (never below this bound + 1) and the page says so (`totalIsEstimate`). A plain
 * listing's exact count is linear in the catalogue; its bounded probe is not.
 */
export const EXACT_TOTAL_LIMIT = 1000;

/** The text search configuration of the `search_vector` trigger (french + unaccent). */
export const SEARCH_CONFIGURATION = 'echanges_french';

export interface OpportunitySearchFilters {
  /** Effective statuses (any of them). */
  status?: readonly ListableStatus[];
  /** Free text, web-search syntax ("…" phrases, `or`, `-word`). */
  q?: string;
  publicBodyId?: string;
  /** Every one of these skills, case-insensitive. */
  skill?: readonly string[];
  minValueCents?: number;
  maxValueCents?: number;
  /** Deadline at or after: a date (`2027-01-20`, midnight in America/Montreal) or a date-time with offset. */
  closingAfter?: string;
  /** Deadline strictly before (same formats). */
  closingBefore?: string;
  /** Default: relevance when `q` is given, else `-publishedAt`. */
  sort?: SearchSort;
  page: number;
  pageSize: number;
}

export interface Statement {
  sql: string;
  params: unknown[];
}

export interface SearchStatements {
  page: Statement;
  /**
   * With `q` sorted by relevance: the page from the rank terms (one-word queries), without
   * the total. Fewer rows than the page size (another query, or the page reaches the matches
   * found only in descriptions): `page` answers instead.
   */
  ranked: Statement | null;
  /** The exact count (tests and the bench compare with it). */
  count: Statement;
  /** Counts at most EXACT_TOTAL_LIMIT + 1 matches: run when the page cannot tell the total. */
  countProbe: Statement;
  /** EXPLAIN of the matches: the planner's estimate, used above EXACT_TOTAL_LIMIT. */
  estimate: Statement;
  /** The page rows carry the total (`total` column). */
  totalInPage: boolean;
  offset: number;
  pageSize: number;
}

/** One row of the page statement. */
export interface SearchRow {
  id: string;
  reference: string;
  title: { fr: string; en?: string | null };
  summary: { fr: string; en?: string | null };
  skills: string[];
  estimated_value_cents: number;
  procurement_mode: 'public' | 'invitation';
  evaluation_method: 'adjusted_price' | 'min_quality_lowest_price';
  status: ListableStatus;
  published_at: Date | null;
  proposal_deadline: Date | null;
  questions_deadline: Date | null;
  public_body_id: string;
  public_body_name_fr: string;
  public_body_name_en: string | null;
  public_body_acronym: string;
  /** With `totalInPage`: the number of matches. */
  total?: number;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const LISTABLE_SQL = LISTABLE_STATUSES.map((s) => `'${s}'`).join(', ');

/**
 * A date means its first instant in Montréal; a date-time is bound as the instant it names,
 * normalised to UTC: the query accepts any `±hh:mm` offset, PostgreSQL only up to ±15:59.
 */
function instantSql(params: SqlParams, value: string): string {
  if (DATE_ONLY.test(value)) return `(${params.add(value)}::date::timestamp AT TIME ZONE 'America/Montreal')`;
  return `${params.add(new Date(value).toISOString())}::timestamptz`;
}

/**
 * `effectiveStatusSql(alias) = ANY(statuses)`, spelt out so that the planner can estimate it
 * from the column statistics and use the (status, proposal_deadline) indexes; a CASE
 * expression gets a fixed guess and, with a sort index at hand, made PostgreSQL walk the
 * whole table looking for rows that did not exist. The search test checks that every
 * listed item's status (computed by effectiveStatusSql) is the one filtered on. Statuses
 * come from LISTABLE_STATUSES, never from the request's text.
 */
function effectiveStatusIn(requested: readonly string[], a = 'o'): string {
  const closed = `${a}.proposal_deadline <= now()`;
  const parts = LISTABLE_STATUSES.filter((s) => requested.includes(s)).map((status) => {
    switch (status) {
      case 'PUBLISHED':
        return `(${a}.status = 'PUBLISHED' AND NOT coalesce(${closed}, false))`;
      case 'EVALUATION':
        // A PUBLISHED row past its deadline reads as EVALUATION until the closing job runs.
        return `${a}.status = 'EVALUATION' OR (${a}.status = 'PUBLISHED' AND ${closed})`;
      default:
        return `${a}.status = '${status}'`;
    }
  });
  return parts.join(' OR ');
}

/**
 * Builds the page and count statements of a search by `actor` (null: anonymous). The page
 * statement sorts and limits narrow rows first, then reads the page's opportunities and
 * public bodies only.
 */
export function buildOpportunitySearch(
  filters: OpportunitySearchFilters,
  actor: Actor | null | undefined,
): SearchStatements {
  const params = new SqlParams();
  const where: string[] = [`o.status IN (${LISTABLE_SQL})`];

  const visibility = visibilitySql(actor, 'o', params.values.length + 1);
  params.values.push(...visibility.params);
  where.push(visibility.condition);

  if (filters.status?.length) where.push(effectiveStatusIn(filters.status));
  let tsQuery: string | undefined;
  let textMatch: string | undefined;
  if (filters.q) {
    tsQuery = `websearch_to_tsquery('${SEARCH_CONFIGURATION}', ${params.add(filters.q)})`;
    textMatch = `o.search_vector @@ ${tsQuery}`;
    where.push(textMatch);
  }
  if (filters.publicBodyId) where.push(`o.public_body_id = ${params.add(filters.publicBodyId)}::uuid`);
  if (filters.skill?.length) {
    // Same function on both sides, so PostgreSQL's lower() decides what "same skill" means.
    where.push(`opportunity_skill_keys(o.skills) @> opportunity_skill_keys(${params.add([...filters.skill])}::text[])`);
  }
  if (filters.minValueCents !== undefined)
    where.push(`o.estimated_value_cents >= ${params.add(filters.minValueCents)}::int`);
  if (filters.maxValueCents !== undefined)
    where.push(`o.estimated_value_cents <= ${params.add(filters.maxValueCents)}::int`);
  if (filters.closingAfter) where.push(`o.proposal_deadline >= ${instantSql(params, filters.closingAfter)}`);
  if (filters.closingBefore) where.push(`o.proposal_deadline < ${instantSql(params, filters.closingBefore)}`);

  const whereSql = where.map((c) => `(${c})`).join('\n   AND ');
  // Without the text match: a row of the word's rank terms has it in its rank vector, a part
  // of search_vector (whose TOASTed value the ranked walk must not read).
  const rankedWhereSql = where
    .filter((c) => c !== textMatch)
    .map((c) => `(${c})`)
    .join('\n   AND ');
  const whereParams = [...params.values];

  const sort = filters.sort ?? (tsQuery ? 'relevance' : '-publishedAt');
  // Every order ends with the id, so that pages never overlap nor skip rows.
  const order = (a: string, rankRef = `${a}.rank`) => {
    switch (sort) {
      case 'relevance':
        return `${rankRef} DESC, ${a}.published_at DESC NULLS LAST, ${a}.id`;
      case 'deadline':
        return `${a}.proposal_deadline ASC NULLS LAST, ${a}.id`;
      case 'value':
        return `${a}.estimated_value_cents ASC, ${a}.id`;
      case '-publishedAt':
        return `${a}.published_at DESC NULLS LAST, ${a}.id`;
    }
  };
  // A full-text or skill search reads every matching row through a GIN index anyway (to rank
  // or sort them): the page statement collects them once, then sorts and counts them. A
  // plain listing instead walks a sort index for its page and counts over a covering index
  // (see the migration). The CTE is MATERIALIZED on purpose: without this fence PostgreSQL
  // 15 costs a whole-set count under a LIMIT as if it could stop early, and walks a sort
  // index through the entire table.
  const totalInPage = Boolean(tsQuery || filters.skill?.length);
  // Ranked on the small inline vector (title, summary, skills): the description, out of
  // line, serves the matching only (the GIN index answers it without reading the row).
  const rank = sort === 'relevance' ? `, ts_rank(o.rank_vector, ${tsQuery}) AS rank` : '';
  const offset = pageOffset(filters);
  const limitParam = params.add(filters.pageSize);
  const offsetParam = params.add(offset);
  const keys = `o.id, o.published_at, o.proposal_deadline, o.estimated_value_cents${rank}`;
  const columns = `o.id, o.reference, o.title, o.summary, o.skills, o.estimated_value_cents, o.procurement_mode,
       o.evaluation_method, ${effectiveStatusSql('o')} AS status, o.published_at, o.proposal_deadline, o.questions_deadline,
       b.id AS public_body_id, b.name_fr AS public_body_name_fr, b.name_en AS public_body_name_en,
       b.acronym AS public_body_acronym`;

  // Sorting and limiting happen on narrow rows; only the page's rows are read in full.
  const pageSql = totalInPage
    ? `WITH matches AS MATERIALIZED (
       SELECT ${keys}
         FROM opportunity o
        WHERE ${whereSql})
SELECT ${columns}, t.total
  FROM (SELECT * FROM matches m ORDER BY ${order('m')} LIMIT ${limitParam}::int OFFSET ${offsetParam}::bigint) k
 CROSS JOIN (SELECT count(*)::int AS total FROM matches) t
  JOIN opportunity o ON o.id = k.id
  JOIN public_body b ON b.id = o.public_body_id
 ORDER BY ${order('k')}`
    : `SELECT ${columns}
  FROM (SELECT ${keys}
          FROM opportunity o
         WHERE ${whereSql}
         ORDER BY ${order('o', 'rank')}
         LIMIT ${limitParam}::int OFFSET ${offsetParam}::bigint) k
  JOIN opportunity o ON o.id = k.id
  JOIN public_body b ON b.id = o.public_body_id
 ORDER BY ${order('k')}`;

  // The first pages of a one-word search by relevance (rankedWalkSql): its matches in rank
  // order straight from the rank-term btree, each checked against the other filters.
  const ranked =
    sort === 'relevance' && tsQuery ? rankedWalkSql(tsQuery, rankedWhereSql, columns, limitParam, offsetParam) : null;

  const countSql = `SELECT count(*)::int AS total
  FROM opportunity o
 WHERE ${whereSql}`;

  const countProbeSql = `SELECT count(*)::int AS total
  FROM (SELECT 1 FROM opportunity o
         WHERE ${whereSql}
         LIMIT ${EXACT_TOTAL_LIMIT + 1}) c`;
  const estimateSql = `EXPLAIN (FORMAT JSON) SELECT 1 FROM opportunity o
 WHERE ${whereSql}`;

  return {
    page: { sql: pageSql, params: params.values },
    ranked: ranked ? { sql: ranked, params: params.values } : null,
    count: { sql: countSql, params: whereParams },
    countProbe: { sql: countProbeSql, params: whereParams },
    estimate: { sql: estimateSql, params: whereParams },
    totalInPage,
    offset,
    pageSize: filters.pageSize,
  };
}

/**
 * The ranked walk (migration 1798000000000): when the query is one positive lexeme, its
 * matches in the title, summary or skills come out of `ix_opportunity_rank_term_order` in
 * the relevance order (rank DESC — the stored rank is ts_rank(rank_vector, lexeme), what the
 * full statement computes —, newest first, id), each joined to its opportunity by key and
 * kept when the other filters hold; the LIMIT stops the walk. The lexeme is an InitPlan
 * parameter, so the btree's order serves the ORDER BY. Any other query gets no lexeme (and
 * no rows). Matches found only in a description rank after all of these (rank 0): a page
 * that reaches them comes short, and the full statement answers it.
 */
function rankedWalkSql(tsQuery: string, whereSql: string, columns: string, limit: string, offset: string): string {
  const lexeme = `replace(replace(substr(q::text, 2, length(q::text) - 2), '''''', ''''), '\\\\', '\\')`;
  return `WITH term AS MATERIALIZED (
       SELECT CASE WHEN numnode(q) = 1 AND opportunity_lexeme_query(${lexeme}) = q THEN ${lexeme} END AS lexeme
         FROM ${tsQuery} AS q)
SELECT ${columns}
  FROM (SELECT t.opportunity_id AS id, t.rank, t.published_at
          FROM opportunity_rank_term t
          JOIN opportunity o ON o.id = t.opportunity_id
         WHERE t.lexeme = (SELECT lexeme FROM term)
           AND ${whereSql}
         ORDER BY t.rank DESC, t.published_at DESC, t.opportunity_id
         LIMIT ${limit}::int OFFSET ${offset}::bigint) k
  JOIN opportunity o ON o.id = k.id
  JOIN public_body b ON b.id = o.public_body_id
 ORDER BY k.rank DESC, k.published_at DESC, k.id`;
}

export type SqlRunner = <T>(sql: string, params: unknown[]) => Promise<T[]>;

type PlanJson = { Plan: { 'Plan Rows': number } }[];

export interface SearchResult {
  rows: SearchRow[];
  total: number;
  /** The total is the planner's estimate (more than EXACT_TOTAL_LIMIT matches). */
  totalIsEstimate: boolean;
}

/**
 * Runs the page, then counts only when the page cannot tell the total: the rows carry it
 * (`totalInPage`), or a short page that is not past the end gives it (offset + rows).
 * Otherwise see totalOf. A one-word search by relevance first tries the ranked walk; a short
 * walk (another query, or a page that reaches the description-only matches) falls back to
 * the full statement, which collects, ranks and counts every match.
 */
export async function runOpportunitySearch(run: SqlRunner, statements: SearchStatements): Promise<SearchResult> {
  if (statements.ranked) {
    const rows = await run<SearchRow>(statements.ranked.sql, statements.ranked.params);
    if (rows.length === statements.pageSize) return totalOf(run, statements, rows, true);
  }
  const rows = await run<SearchRow>(statements.page.sql, statements.page.params);
  if (statements.totalInPage && rows.length > 0) return { rows, total: rows[0].total!, totalIsEstimate: false };
  if (rows.length < statements.pageSize && (rows.length > 0 || statements.offset === 0)) {
    return { rows, total: statements.offset + rows.length, totalIsEstimate: false };
  }
  return totalOf(run, statements, rows, false);
}

/**
 * Above this many estimated matches, a ranked page's total is the planner's estimate without
 * the probe: counting even 1 001 text matches visits their heap pages (~900 at 100 000
 * opportunities), several times the cost of the ranked page itself.
 */
export const ESTIMATE_ONLY_ABOVE = 2 * EXACT_TOTAL_LIMIT;

/**
 * A bounded probe counts up to EXACT_TOTAL_LIMIT + 1 matches; beyond, the planner's row
 * estimate (at least what is known to exist) says the total, and says so. After a ranked
 * walk the estimate comes first: far above the bound (ESTIMATE_ONLY_ABOVE), it is the answer.
 */
async function totalOf(
  run: SqlRunner,
  statements: SearchStatements,
  rows: SearchRow[],
  estimateFirst: boolean,
): Promise<SearchResult> {
  const known = statements.offset + rows.length;
  const first = estimateFirst ? await estimateOf(run, statements) : undefined;
  if (first !== undefined && first > ESTIMATE_ONLY_ABOVE)
    return { rows, total: Math.max(first, known), totalIsEstimate: true };
  const [{ total }] = await run<{ total: number }>(statements.countProbe.sql, statements.countProbe.params);
  if (total <= EXACT_TOTAL_LIMIT) return { rows, total, totalIsEstimate: false };
  const estimated = first ?? (await estimateOf(run, statements));
  return { rows, total: Math.max(estimated, total, known), totalIsEstimate: true };
}

async function estimateOf(run: SqlRunner, statements: SearchStatements): Promise<number> {
  const [plan] = await run<{ 'QUERY PLAN': PlanJson | string }>(statements.estimate.sql, statements.estimate.params);
  // A json column: parsed by pg, possibly text through another driver (the embedded PGlite).
  const json = plan['QUERY PLAN'];
  const parsed: PlanJson = typeof json === 'string' ? (JSON.parse(json) as PlanJson) : json;
  return Math.round(Number(parsed[0]?.Plan?.['Plan Rows']) || 0);
}
