/**
 * Search benchmark (`npm run bench -- search`): the public search through the built API, then
 * the very same SQL through `pg`, at the same concurrency, on 100 000 generated opportunities.
 *
 * 1. creates a fresh database `echanges_bench` (BENCH_DATABASE_URL: an admin connection),
 *    runs the migrations, bulk-seeds the opportunities (INSERT … SELECT generate_series with
 *    French word lists: deterministic, no random numbers), VACUUM ANALYZE;
 * 2. starts `dist/src/main.js` (APP_ROLE=api) on a free port with DATABASE_URL and REDIS_URL;
 * 3. sends BENCH_REQUESTS requests with BENCH_CONCURRENCY in flight (keep-alive agent), after
 *    a warm-up, and measures requests/s and latency percentiles;
 * 4. runs the statements the API runs (built by the same function) through a pg pool of the
 *    API's size, measured the same way; prints both and their ratio;
 * 5. stops the API and drops the database, whatever happened.
 */
import http from 'node:http';
import os from 'node:os';
import { Client, Pool } from 'pg';
import {
  buildOpportunitySearch,
  runOpportunitySearch,
  SearchStatements,
} from '../src/opportunities/search/opportunity-search.sql';
import { bulkSeedOpportunities, seedPublicBody, seedUser, sqlOfPg } from '../test/support/opportunity-seed';
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

const DB_NAME = 'echanges_bench';
const ROWS = int('BENCH_ROWS', 100_000);
const REQUESTS = int('BENCH_REQUESTS', 2000);
const CONCURRENCY = int('BENCH_CONCURRENCY', 16);
const WARMUP = int('BENCH_WARMUP', 200);
/** TypeORM's pool in the API (data-source.factory: extra.max). */
const API_POOL_SIZE = 10;

const SEARCH = { q: 'développement web', sort: 'deadline', page: 1, pageSize: 20 } as const;
const SEARCH_QUERY = new URLSearchParams({
  q: SEARCH.q,
  sort: SEARCH.sort,
  page: String(SEARCH.page),
  pageSize: String(SEARCH.pageSize),
}).toString();

async function seed(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const sql = sqlOfPg(client);
    const bodies: string[] = [];
    for (const acronym of [
      'MCN',
      'SAAQ',
      'RAMQ',
      'MSSS',
      'MTMD',
      'MEQ',
      'MELCCFP',
      'MRNF',
      'MAPAQ',
      'MFQ',
      'MSP',
      'MAMH',
      'RQ',
      'SQ',
      'BANQ',
      'CNESST',
      'ITQ',
      'CSPQ',
      'MCC',
      'MES',
    ]) {
      bodies.push((await seedPublicBody(sql, { acronym, nameFr: `Organisme ${acronym}` })).id);
    }
    const author = await seedUser(sql, { email: 'auteur.bench@gouv.qc.ca', role: 'buyer', publicBodyId: bodies[0] });
    // Chunks keep each statement's memory and WAL bounded; the data do not depend on them.
    const CHUNK = 25_000;
    for (let first = 1; first <= ROWS; first += CHUNK) {
      await bulkSeedOpportunities(sql, {
        first,
        count: Math.min(CHUNK, ROWS - first + 1),
        publicBodyIds: bodies,
        createdById: author.id,
        withCriteria: true,
      });
    }
  } finally {
    await client.end();
  }
}

async function vacuumAnalyze(url: string): Promise<{ rows: number; matches: number }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('VACUUM ANALYZE');
    const statements = buildOpportunitySearch(SEARCH, null);
    const [{ rows }] = (await client.query(`SELECT count(*)::int AS rows FROM opportunity`)).rows;
    const [{ total }] = (await client.query(statements.count.sql, statements.count.params)).rows;
    return { rows, matches: total };
  } finally {
    await client.end();
  }
}

function httpSearch(agent: http.Agent, port: number): () => Promise<number> {
  const requestPath = `/api/v1/opportunities?${SEARCH_QUERY}`;
  return () =>
    new Promise<number>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path: requestPath, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          if (res.statusCode !== 200)
            return reject(new Error(`HTTP ${res.statusCode} : ${Buffer.concat(chunks).toString().slice(0, 300)}`));
          const body = JSON.parse(Buffer.concat(chunks).toString()) as { items: unknown[]; total: number };
          if (body.items.length !== SEARCH.pageSize)
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
    if (rows.length !== SEARCH.pageSize) throw new Error(`page incomplète : ${rows.length} lignes`);
    return total;
  };
}

export async function searchBench(): Promise<void> {
  await guarded(async (defer) => {
    const prefix = redisPrefix();
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    defer(() => deleteRedisKeys(prefix));
    defer(() => dropDatabase(DB_NAME));

    await checkRedis();
    log(
      `PostgreSQL ${new URL(ADMIN_URL).host}, Redis ${new URL(REDIS_URL).host}, ${ROWS} opportunités, ${REQUESTS} requêtes, concurrence ${CONCURRENCY}`,
    );
    const url = await freshDatabase(DB_NAME);
    await timed(`insertion de ${ROWS} opportunités (et de leurs critères)`, () => seed(url));
    const stats = await timed('VACUUM ANALYZE', () => vacuumAnalyze(url));
    log(`${stats.rows} opportunités ; « ${SEARCH.q} » en trouve ${stats.matches} (visibles sans jeton)`);

    const port = await freePort();
    const api = await timed('démarrage de l’API', () => startApi({ url, port, prefix }));
    defer(() => stopApi(api.child));
    defer(async () => agent.destroy());

    const viaHttp = httpSearch(agent, port);
    await load('échauffement HTTP', WARMUP, CONCURRENCY, viaHttp);
    const httpFigures = await timed('HTTP', () =>
      load('API HTTP (GET /api/v1/opportunities)', REQUESTS, CONCURRENCY, viaHttp),
    );

    const pool = new Pool({ connectionString: url, max: API_POOL_SIZE });
    defer(() => pool.end());
    const statements = buildOpportunitySearch(SEARCH, null);
    const viaSql = sqlSearch(pool, statements);
    await load('échauffement SQL', WARMUP, CONCURRENCY, viaSql);
    const sqlFigures = await timed('SQL', () =>
      load(`SQL direct (pg, pool de ${API_POOL_SIZE})`, REQUESTS, CONCURRENCY, viaSql),
    );
    if (httpFigures.total !== sqlFigures.total)
      throw new Error(`Totaux différents : HTTP ${httpFigures.total}, SQL ${sqlFigures.total}`);

    const [h, s] = [row(httpFigures), row(sqlFigures)];
    console.log('');
    console.log(`Recherche : ${SEARCH_QUERY} (total ${httpFigures.total})`);
    console.log(
      `Machine : ${os.cpus().length} cœurs, Node ${process.version} ; l’API, PostgreSQL et ce client partagent la machine.`,
    );
    console.log('');
    console.log(table(['chemin', 'requêtes', 'concurrence', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'], [h, s]));
    const rate = (f: Figures) => f.requests / f.seconds;
    console.log('');
    console.log(
      `Rapport SQL/HTTP : débit ×${(rate(sqlFigures) / rate(httpFigures)).toFixed(2)} ; ` +
        `latence p50 HTTP/SQL ×${(Number(h[4]) / Number(s[4])).toFixed(2)}, p95 ×${(Number(h[5]) / Number(s[5])).toFixed(2)}, p99 ×${(Number(h[6]) / Number(s[6])).toFixed(2)}`,
    );
    console.log('');
  });
}
