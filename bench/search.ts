/**
 * Search benchmark (`npm run bench -- search`): the public list and search through the built
 * API, then the very same SQL through `pg`, at the same concurrency, at N = 1 000, 10 000 and
 * 100 000 realistic opportunities (bench/realistic-seed.ts: ~315-word French and English
 * descriptions with accents), in one database grown between the steps.
 *
 * 1. creates a fresh database `echanges_bench` (BENCH_DATABASE_URL: an admin connection),
 *    runs the migrations; for each N, bulk-seeds up to N (INSERT … SELECT generate_series,
 *    deterministic), VACUUM ANALYZE;
 * 2. starts `dist/src/main.js` (APP_ROLE=api) on a free port with DATABASE_URL and REDIS_URL;
 * 3. for the search with `q` (a word found in ~6 % of the titles, ranked by relevance) and
 *    for the plain list (newest first), sends BENCH_REQUESTS anonymous requests with
 *    BENCH_CONCURRENCY in flight (keep-alive agent) after a warm-up; then the statements
 *    the API runs (built and run by the same functions) through a pg pool of the API's size;
 * 4. prints req/s and latency percentiles, the scaling ratio (throughput at the largest N ÷
 *    at the smallest) and the HTTP/SQL ratio; checks every answer's total against SQL;
 * 5. stops the API and drops the database, whatever happened.
 */
import http from 'node:http';
import os from 'node:os';
import { Client, Pool } from 'pg';
import {
  buildOpportunitySearch,
  OpportunitySearchFilters,
  runOpportunitySearch,
  SearchStatements,
} from '../src/opportunities/search/opportunity-search.sql';
import { seedPublicBody, seedUser, sqlOfPg } from '../test/support/opportunity-seed';
import { freePort } from '../test/support/free-port';
import {
  ADMIN_URL,
  checkRedis,
  deleteRedisKeys,
  dropDatabase,
  Figures,
  freshDatabase,
  guarded,
  int,
  load,
  log,
  REDIS_URL,
  redisPrefix,
  row,
  startApi,
  stopApi,
  table,
  timed,
} from './lib';
import { seedRealisticOpportunities } from './realistic-seed';
import { BenchResult, Figure, goal, info } from './results';

const DB_NAME = 'echanges_bench';
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const REQUESTS = int('BENCH_REQUESTS', 600);
const CONCURRENCY = int('BENCH_CONCURRENCY', 8);
const WARMUP = int('BENCH_WARMUP', 200);
/** TypeORM's pool in the API (data-source.factory: extra.max). */
const API_POOL_SIZE = 10;
const PAGE_SIZE = 20;

/** `portail` is in ~6 % of the titles (one object in 16), also in some skills and summaries. */
const SEARCHES: Record<'q' | 'liste', Omit<OpportunitySearchFilters, 'page' | 'pageSize'>> = {
  q: { q: 'portail' },
  liste: {},
};

const queryString = (filters: object) =>
  new URLSearchParams(
    Object.entries({ ...filters, page: 1, pageSize: PAGE_SIZE }).map(([k, v]): [string, string] => [k, String(v)]),
  ).toString();

async function seedTo(client: Client, from: number, to: number, bodies: string[], author: string): Promise<void> {
  const sql = sqlOfPg(client);
  // Chunks keep each statement's memory and WAL bounded; the data do not depend on them.
  const CHUNK = 25_000;
  for (let first = from; first <= to; first += CHUNK) {
    await seedRealisticOpportunities(sql, {
      first,
      count: Math.min(CHUNK, to - first + 1),
      publicBodyIds: bodies,
      createdById: author,
    });
  }
}

async function seedBodies(client: Client): Promise<{ bodies: string[]; author: string }> {
  const sql = sqlOfPg(client);
  const bodies: string[] = [];
  for (const acronym of ['MCN', 'SAAQ', 'RAMQ', 'MSSS', 'MTMD', 'MEQ', 'MELCCFP', 'MRNF', 'MAPAQ', 'MFQ']) {
    bodies.push((await seedPublicBody(sql, { acronym, nameFr: `Organisme ${acronym}` })).id);
  }
  const author = await seedUser(sql, { email: 'auteur.bench@gouv.qc.ca', role: 'buyer', publicBodyId: bodies[0] });
  return { bodies, author: author.id };
}

interface Answer {
  total: number;
  totalIsEstimate: boolean;
}

function httpSearch(agent: http.Agent, port: number, filters: object): () => Promise<number> {
  const requestPath = `/api/v1/opportunities?${queryString(filters)}`;
  return () =>
    new Promise<number>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path: requestPath, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          if (res.statusCode !== 200)
            return reject(new Error(`HTTP ${res.statusCode} : ${Buffer.concat(chunks).toString().slice(0, 300)}`));
          const body = JSON.parse(Buffer.concat(chunks).toString()) as { items: unknown[] } & Answer;
          if (body.items.length !== PAGE_SIZE)
            return reject(new Error(`page incomplète : ${body.items.length} éléments`));
          resolve(body.total);
        });
        res.on('error', reject);
      });
      req.on('error', reject);
    });
}

function sqlSearch(pool: Pool, statements: SearchStatements): () => Promise<number> {
  return async () => {
    const { rows, total } = await runOpportunitySearch(
      async (sql, params) => (await pool.query(sql, params)).rows,
      statements,
    );
    if (rows.length !== PAGE_SIZE) throw new Error(`page incomplète : ${rows.length} lignes`);
    return total;
  };
}

interface Step {
  size: number;
  kind: 'q' | 'liste';
  http: Figures;
  sql: Figures;
  exact: number;
  estimate: boolean;
}

const rate = (f: Figures) => f.requests / f.seconds;

export async function searchBench(): Promise<BenchResult> {
  return guarded(async (defer) => {
    const prefix = redisPrefix();
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    defer(() => deleteRedisKeys(prefix));
    defer(() => dropDatabase(DB_NAME));

    await checkRedis();
    log(
      `PostgreSQL ${new URL(ADMIN_URL).host}, Redis ${new URL(REDIS_URL).host}, N = ${SIZES.join(' / ')}, ${REQUESTS} requêtes par mesure, concurrence ${CONCURRENCY}`,
    );
    const url = await freshDatabase(DB_NAME);
    const client = new Client({ connectionString: url, application_name: 'bench' });
    await client.connect();
    defer(() => client.end());
    const { bodies, author } = await seedBodies(client);

    const port = await freePort();
    const api = await timed('démarrage de l’API', () => startApi({ url, port, prefix }));
    defer(() => stopApi(api.child));
    defer(async () => agent.destroy());
    const pool = new Pool({ connectionString: url, max: API_POOL_SIZE });
    defer(() => pool.end());

    const steps: Step[] = [];
    let seeded = 0;
    for (const size of SIZES) {
      await timed(`insertion jusqu’à ${size} opportunités`, () => seedTo(client, seeded + 1, size, bodies, author));
      seeded = size;
      await timed('VACUUM ANALYZE', () => client.query('VACUUM ANALYZE'));
      for (const kind of ['q', 'liste'] as const) {
        const filters = SEARCHES[kind];
        const statements = buildOpportunitySearch({ ...filters, page: 1, pageSize: PAGE_SIZE }, null);
        const [{ total: exact }] = (await client.query(statements.count.sql, statements.count.params)).rows;
        const viaHttp = httpSearch(agent, port, filters);
        await load('échauffement HTTP', WARMUP, CONCURRENCY, viaHttp);
        const httpFigures = await load(`HTTP ${kind} N=${size}`, REQUESTS, CONCURRENCY, viaHttp);
        const viaSql = sqlSearch(pool, statements);
        await load('échauffement SQL', WARMUP, CONCURRENCY, viaSql);
        const sqlFigures = await load(`SQL ${kind} N=${size}`, REQUESTS, CONCURRENCY, viaSql);
        if (httpFigures.total !== sqlFigures.total)
          throw new Error(`Totaux différents : HTTP ${httpFigures.total}, SQL ${sqlFigures.total}`);
        const estimate = httpFigures.total !== exact;
        log(
          `N=${size} ${kind} : HTTP ${rate(httpFigures).toFixed(0)} req/s, SQL ${rate(sqlFigures).toFixed(0)} req/s, total ${httpFigures.total}${estimate ? ` (estimé ; exact ${exact})` : ''}`,
        );
        steps.push({ size, kind, http: httpFigures, sql: sqlFigures, exact, estimate });
      }
    }

    console.log('');
    console.log(
      `Recherche anonyme : q = ${queryString(SEARCHES.q)} ; liste = ${queryString(SEARCHES.liste)} ; machine : ${os.cpus().length} cœurs, Node ${process.version} ; l’API, PostgreSQL et ce client partagent la machine.`,
    );
    console.log('');
    console.log(
      table(
        ['chemin', 'requêtes', 'concurrence', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'total', 'HTTP/SQL'],
        steps.flatMap((s) => [
          [...row(s.http), `${s.http.total}${s.estimate ? ' ≈' : ''}`, (rate(s.http) / rate(s.sql)).toFixed(2)],
          [...row(s.sql), String(s.sql.total), ''],
        ]),
      ),
    );
    const B = 'search';
    const figures: Figure[] = [];
    const [small, large] = [SIZES[0], SIZES[SIZES.length - 1]];
    for (const kind of ['q', 'liste'] as const) {
      const at = (size: number) => steps.find((s) => s.size === size && s.kind === kind)!;
      figures.push(
        goal(
          B,
          `mise à l’échelle ${kind} (req/s ${large} ÷ ${small})`,
          rate(at(large).http) / rate(at(small).http),
          '×',
          '≥',
          0.7,
        ),
        goal(B, `HTTP/SQL ${kind} à N=${large}`, rate(at(large).http) / rate(at(large).sql), '×', '≥', 0.8),
        info(B, `req/s HTTP ${kind} à N=${large}`, rate(at(large).http), 'req/s'),
      );
    }
    // Correctness: an exact total must be the count; an estimate must say more than the bound.
    const wrong = steps.filter((s) => (s.estimate ? s.http.total <= 1000 : s.http.total !== s.exact));
    figures.push(goal(B, 'totaux faux', wrong.length, 'mesures', '=', 0, true));
    console.log('');
    console.log(
      figures
        .map(
          (f) =>
            `${f.name} : ${f.value.toFixed(2)} ${f.unit}${f.goal ? ` (objectif ${f.goal} : ${f.met ? 'atteint' : 'NON atteint'})` : ''}`,
        )
        .join('\n'),
    );
    console.log('');
    return {
      ok: wrong.length === 0,
      figures,
      raw: {
        steps: steps.map((s) => ({
          size: s.size,
          kind: s.kind,
          httpRps: rate(s.http),
          sqlRps: rate(s.sql),
          total: s.http.total,
          exact: s.exact,
          totalIsEstimate: s.estimate,
          httpP50: row(s.http)[4],
          httpP99: row(s.http)[6],
        })),
      },
    };
  });
}
