/**
 * Search benchmark (`npm run bench`): the public search through the built API, then the very
 * same SQL through `pg`, at the same concurrency, on 100 000 generated opportunities.
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
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import IORedis from 'ioredis';
import { Client, Pool } from 'pg';
import { migrate, openDatabase } from '../src/database/data-source.factory';
import { buildOpportunitySearch, runOpportunitySearch, SearchStatements } from '../src/opportunities/search/opportunity-search.sql';
import { bulkSeedOpportunities, seedPublicBody, seedUser, sqlOfPg } from '../test/support/opportunity-seed';
import { freePort } from '../test/support/free-port';

const env = (name: string, fallback: string) => process.env[name] || fallback;
const int = (name: string, fallback: number) => {
  const value = Number(env(name, String(fallback)));
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} doit être un entier positif`);
  return value;
};

const ADMIN_URL = env('BENCH_DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/postgres');
const REDIS_URL = env('BENCH_REDIS_URL', env('REDIS_URL', 'redis://127.0.0.1:6379'));
const DB_NAME = 'echanges_bench';
const ROWS = int('BENCH_ROWS', 100_000);
const REQUESTS = int('BENCH_REQUESTS', 2000);
const CONCURRENCY = int('BENCH_CONCURRENCY', 16);
const WARMUP = int('BENCH_WARMUP', 200);
/** TypeORM's pool in the API (data-source.factory: extra.max). */
const API_POOL_SIZE = 10;
/** The whole run stops by itself after this long, cleaning up. */
const HARD_LIMIT_MS = int('BENCH_TIMEOUT_MS', 15 * 60_000);

const SEARCH = { q: 'développement web', sort: 'deadline', page: 1, pageSize: 20 } as const;
const SEARCH_QUERY = new URLSearchParams({ q: SEARCH.q, sort: SEARCH.sort, page: String(SEARCH.page), pageSize: String(SEARCH.pageSize) }).toString();

const ROOT = path.resolve(__dirname, '..', '..', '..');
const MAIN = path.join(ROOT, 'dist', 'src', 'main.js');

const databaseUrl = (name: string) => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
};

function log(message: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

async function timed<T>(what: string, run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const value = await run();
  log(`${what} : ${((performance.now() - start) / 1000).toFixed(1)} s`);
  return value;
}


async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function checkRedis(): Promise<void> {
  const redis = new IORedis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    if ((await redis.ping()) !== 'PONG') throw new Error('PING sans PONG');
  } catch (e) {
    throw new Error(`Redis injoignable (${REDIS_URL}) : ${(e as Error).message}`, { cause: e });
  } finally {
    redis.disconnect();
  }
}

async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

async function seed(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const sql = sqlOfPg(client);
    const bodies: string[] = [];
    for (const acronym of ['MCN', 'SAAQ', 'RAMQ', 'MSSS', 'MTMD', 'MEQ', 'MELCCFP', 'MRNF', 'MAPAQ', 'MFQ', 'MSP', 'MAMH', 'RQ', 'SQ', 'BANQ', 'CNESST', 'ITQ', 'CSPQ', 'MCC', 'MES']) {
      bodies.push((await seedPublicBody(sql, { acronym, nameFr: `Organisme ${acronym}` })).id);
    }
    const author = await seedUser(sql, { email: 'auteur.bench@gouv.qc.ca', role: 'buyer', publicBodyId: bodies[0] });
    // Chunks keep each statement's memory and WAL bounded; the data do not depend on them.
    const CHUNK = 25_000;
    for (let first = 1; first <= ROWS; first += CHUNK) {
      await bulkSeedOpportunities(sql, { first, count: Math.min(CHUNK, ROWS - first + 1), publicBodyIds: bodies, createdById: author.id, withCriteria: true });
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

/** The built API as a child process; resolves once /health/ready answers 200. */
async function startApi(url: string, port: number, prefix: string): Promise<{ child: ChildProcess; output: string[] }> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} introuvable : lancez « npm run build » (ou « npm run bench »)`);
  const output: string[] = [];
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      APP_ROLE: 'api',
      PORT: String(port),
      DATABASE_URL: url,
      REDIS_URL,
      BULLMQ_PREFIX: prefix,
      JWT_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
      OPENAPI_ENABLED: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString().split('\n').filter(Boolean));
    output.splice(0, Math.max(0, output.length - 50));
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`L’API s’est arrêtée (code ${child.exitCode}) :\n${output.join('\n')}`);
    const status = await new Promise<number>((resolve) => {
      http.get({ host: '127.0.0.1', port, path: '/health/ready' }, (res) => (res.resume(), resolve(res.statusCode ?? 0))).on('error', () => resolve(0));
    });
    if (status === 200) return { child, output };
    if (Date.now() > deadline) throw new Error(`L’API n’est pas prête après 60 s :\n${output.join('\n')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stopApi(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

interface Figures {
  label: string;
  requests: number;
  seconds: number;
  latencies: number[];
  total: number;
}

/** Runs `count` calls of `one` with `concurrency` in flight; each resolves to the search total. */
async function load(label: string, count: number, one: () => Promise<number>): Promise<Figures> {
  const latencies: number[] = [];
  let next = 0;
  let total = -1;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        next += 1;
        const t0 = performance.now();
        const seen = await one();
        latencies.push(performance.now() - t0);
        if (total >= 0 && seen !== total) throw new Error(`${label} : total ${seen} ≠ ${total}`);
        total = seen;
      }
    }),
  );
  return { label, requests: count, seconds: (performance.now() - start) / 1000, latencies, total };
}

function httpSearch(agent: http.Agent, port: number): () => Promise<number> {
  const requestPath = `/api/v1/opportunities?${SEARCH_QUERY}`;
  return () =>
    new Promise<number>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path: requestPath, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode} : ${Buffer.concat(chunks).toString().slice(0, 300)}`));
          const body = JSON.parse(Buffer.concat(chunks).toString()) as { items: unknown[]; total: number };
          if (body.items.length !== SEARCH.pageSize) return reject(new Error(`page incomplète : ${body.items.length} éléments`));
          resolve(body.total);
        });
        res.on('error', reject);
      });
      req.on('error', reject);
    });
}

function sqlSearch(pool: Pool, statements: SearchStatements): () => Promise<number> {
  return async () => {
    const { rows, total } = await runOpportunitySearch(async (sql, params) => (await pool.query(sql, params)).rows, statements);
    if (rows.length !== SEARCH.pageSize) throw new Error(`page incomplète : ${rows.length} lignes`);
    return total;
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

function row(f: Figures): string[] {
  const s = [...f.latencies].sort((a, b) => a - b);
  const ms = (v: number) => v.toFixed(2);
  return [f.label, String(f.requests), String(CONCURRENCY), (f.requests / f.seconds).toFixed(0), ms(percentile(s, 0.5)), ms(percentile(s, 0.95)), ms(percentile(s, 0.99)), ms(s[s.length - 1])];
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [line(headers), `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const url = databaseUrl(DB_NAME);
  const prefix = `bench${randomBytes(4).toString('hex')}`;
  let api: { child: ChildProcess; output: string[] } | undefined;
  let pool: Pool | undefined;
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const hardLimit = setTimeout(() => {
    console.error(`Banc d’essai interrompu après ${HARD_LIMIT_MS / 1000} s`);
    void cleanup().finally(() => process.exit(2));
  }, HARD_LIMIT_MS);
  hardLimit.unref();
  const signals = () => void cleanup().finally(() => process.exit(130));
  process.once('SIGINT', signals);
  process.once('SIGTERM', signals);

  let cleaned = false;
  async function cleanup(): Promise<void> {
    if (cleaned) return;
    cleaned = true;
    agent.destroy();
    await stopApi(api?.child).catch(() => undefined);
    await pool?.end().catch(() => undefined);
    await adminQuery(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`).catch((e: Error) => console.error(`Base ${DB_NAME} non supprimée : ${e.message}`));
    await deleteRedisKeys(prefix).catch(() => undefined);
    log(`base ${DB_NAME} supprimée`);
  }

  try {
    await checkRedis();
    log(`PostgreSQL ${new URL(ADMIN_URL).host}, Redis ${new URL(REDIS_URL).host}, ${ROWS} opportunités, ${REQUESTS} requêtes, concurrence ${CONCURRENCY}`);
    await adminQuery(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
    await adminQuery(`CREATE DATABASE "${DB_NAME}"`);
    await timed('migrations', async () => {
      const db = await openDatabase({ DATABASE_URL: url, PGLITE_DIR: 'memory://' });
      try {
        await migrate(db);
      } finally {
        await db.close();
      }
    });
    await timed(`insertion de ${ROWS} opportunités (et de leurs critères)`, () => seed(url));
    const stats = await timed('VACUUM ANALYZE', () => vacuumAnalyze(url));
    log(`${stats.rows} opportunités ; « ${SEARCH.q} » en trouve ${stats.matches} (visibles sans jeton)`);

    const port = await freePort();
    api = await timed('démarrage de l’API', () => startApi(url, port, prefix));

    const viaHttp = httpSearch(agent, port);
    await load('échauffement HTTP', WARMUP, viaHttp);
    const httpFigures = await timed('HTTP', () => load('API HTTP (GET /api/v1/opportunities)', REQUESTS, viaHttp));

    pool = new Pool({ connectionString: url, max: API_POOL_SIZE });
    const statements = buildOpportunitySearch(SEARCH, null);
    const viaSql = sqlSearch(pool, statements);
    await load('échauffement SQL', WARMUP, viaSql);
    const sqlFigures = await timed('SQL', () => load(`SQL direct (pg, pool de ${API_POOL_SIZE})`, REQUESTS, viaSql));
    if (httpFigures.total !== sqlFigures.total) throw new Error(`Totaux différents : HTTP ${httpFigures.total}, SQL ${sqlFigures.total}`);

    const [h, s] = [row(httpFigures), row(sqlFigures)];
    console.log('');
    console.log(`Recherche : ${SEARCH_QUERY} (total ${httpFigures.total})`);
    console.log(`Machine : ${os.cpus().length} cœurs, Node ${process.version} ; l’API, PostgreSQL et ce client partagent la machine.`);
    console.log('');
    console.log(table(['chemin', 'requêtes', 'concurrence', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'], [h, s]));
    const rate = (f: Figures) => f.requests / f.seconds;
    console.log('');
    console.log(
      `Rapport SQL/HTTP : débit ×${(rate(sqlFigures) / rate(httpFigures)).toFixed(2)} ; ` +
        `latence p50 HTTP/SQL ×${(Number(h[4]) / Number(s[4])).toFixed(2)}, p95 ×${(Number(h[5]) / Number(s[5])).toFixed(2)}, p99 ×${(Number(h[6]) / Number(s[6])).toFixed(2)}`,
    );
    console.log('');
  } finally {
    clearTimeout(hardLimit);
    await cleanup();
  }
}

main().catch((e: Error) => {
  console.error(e.stack ?? e.message);
  process.exitCode = 1;
});
