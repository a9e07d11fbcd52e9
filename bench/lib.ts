/**
 * What the benches share: settings from the environment, the database lifecycle (fresh
 * database, migrations, dropped at the end), the built API as a child process, a load loop
 * with a bounded number of requests in flight, percentiles and the printed table, and the
 * guards (hard time limit, signals) that clean up whatever happened.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { once } from 'node:events';
import path from 'node:path';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { migrate, openDatabase } from '../src/database/data-source.factory';

export const env = (name: string, fallback: string) => process.env[name] || fallback;
export const int = (name: string, fallback: number) => {
  const value = Number(env(name, String(fallback)));
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} doit être un entier positif`);
  return value;
};

export const ADMIN_URL = env('BENCH_DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/postgres');
export const REDIS_URL = env('BENCH_REDIS_URL', env('REDIS_URL', 'redis://127.0.0.1:6379'));
/** The whole run stops by itself after this long, cleaning up. */
export const HARD_LIMIT_MS = int('BENCH_TIMEOUT_MS', 15 * 60_000);

/** dist/bench/bench/lib.js → the repository root. */
export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const MAIN = path.join(ROOT, 'dist', 'src', 'main.js');

export const databaseUrl = (name: string) => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
};

export function log(message: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

export async function timed<T>(what: string, run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const value = await run();
  log(`${what} : ${((performance.now() - start) / 1000).toFixed(1)} s`);
  return value;
}

export async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A pg client on `url` for the duration of `run`. */
export async function withClient<T>(url: string, run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export async function checkRedis(): Promise<void> {
  const redis = new IORedis(REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
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

export async function deleteRedisKeys(prefix: string): Promise<void> {
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

/** A unique BULLMQ_PREFIX, so that the bench's Redis keys can be deleted at the end. */
export const redisPrefix = () => `bench${randomBytes(4).toString('hex')}`;

/** Drops `name` if left over, creates it and runs the migrations; returns its URL. */
export async function freshDatabase(name: string): Promise<string> {
  const url = databaseUrl(name);
  await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE "${name}"`);
  await timed('migrations', async () => {
    const db = await openDatabase({ DATABASE_URL: url, PGLITE_DIR: 'memory://' });
    try {
      await migrate(db);
    } finally {
      await db.close();
    }
  });
  return url;
}

export async function dropDatabase(name: string): Promise<void> {
  await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch((e: Error) =>
    console.error(`Base ${name} non supprimée : ${e.message}`),
  );
  log(`base ${name} supprimée`);
}

export interface ApiProcess {
  child: ChildProcess;
  output: string[];
}

export interface ApiOptions {
  url: string;
  port: number;
  prefix: string;
  role?: 'api' | 'all';
  jwtSecret?: string;
  env?: Record<string, string>;
}

/** The built API as a child process; resolves once /health/ready answers 200. */
export async function startApi(o: ApiOptions): Promise<ApiProcess> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} introuvable : lancez « npm run build » (ou « npm run bench »)`);
  const output: string[] = [];
  // e.g. BENCH_API_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile the API under a bench.
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, MAIN], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      APP_ROLE: o.role ?? 'api',
      PORT: String(o.port),
      DATABASE_URL: o.url,
      REDIS_URL,
      BULLMQ_PREFIX: o.prefix,
      JWT_SECRET: o.jwtSecret ?? randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
      OPENAPI_ENABLED: 'false',
      // One client address sends every request: the per-address ceiling would measure itself.
      API_RATE_LIMIT: '1000000000',
      ...o.env,
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
    if (child.exitCode !== null)
      throw new Error(`L’API s’est arrêtée (code ${child.exitCode}) :\n${output.join('\n')}`);
    const status = await new Promise<number>((resolve) => {
      http
        .get(
          { host: '127.0.0.1', port: o.port, path: '/health/ready' },
          (res) => (res.resume(), resolve(res.statusCode ?? 0)),
        )
        .on('error', () => resolve(0));
    });
    if (status === 200) return { child, output };
    if (Date.now() > deadline) {
      await stopApi(child);
      throw new Error(`L’API n’est pas prête après 60 s :\n${output.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function stopApi(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

// ─── Cleanup guards ────────────────────────────────────────────────────────────────

type Step = () => Promise<unknown>;
const pending = new Set<() => Promise<void>>();

/**
 * Runs a bench; the steps it defers (stop the API, drop the database…) run in reverse order
 * when it ends, fails, hits the hard time limit or is interrupted.
 */
export async function guarded<T>(run: (defer: (step: Step) => void) => Promise<T>): Promise<T> {
  const steps: Step[] = [];
  let done = false;
  const cleanup = async () => {
    if (done) return;
    done = true;
    pending.delete(cleanup);
    for (const step of steps.reverse()) await step().catch((e: Error) => console.error(`Nettoyage : ${e.message}`));
  };
  pending.add(cleanup);
  try {
    return await run((step) => steps.push(step));
  } finally {
    await cleanup();
  }
}

async function cleanupAll(): Promise<void> {
  for (const cleanup of [...pending]) await cleanup();
}

/** The hard time limit and SIGINT/SIGTERM: clean up, then exit. Returns the disarm function. */
export function installGuards(): () => void {
  const hardLimit = setTimeout(() => {
    console.error(`Banc d’essai interrompu après ${HARD_LIMIT_MS / 1000} s`);
    void cleanupAll().finally(() => process.exit(2));
  }, HARD_LIMIT_MS);
  hardLimit.unref();
  const signals = () => void cleanupAll().finally(() => process.exit(130));
  process.once('SIGINT', signals);
  process.once('SIGTERM', signals);
  return () => {
    clearTimeout(hardLimit);
    process.off('SIGINT', signals);
    process.off('SIGTERM', signals);
  };
}

// ─── Load and figures ──────────────────────────────────────────────────────────────

export interface Figures {
  label: string;
  requests: number;
  concurrency: number;
  seconds: number;
  latencies: number[];
  total: number;
}

/** Runs `count` calls of `one` with `concurrency` in flight; each resolves to the search total. */
export async function load(
  label: string,
  count: number,
  concurrency: number,
  one: () => Promise<number>,
): Promise<Figures> {
  const latencies: number[] = [];
  let next = 0;
  let total = -1;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
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
  return { label, requests: count, concurrency, seconds: (performance.now() - start) / 1000, latencies, total };
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

export const ms = (v: number | undefined) => (v === undefined ? '—' : v.toFixed(2));

/** chemin, requêtes, concurrence, req/s, p50, p95, p99, max. */
export function row(f: Figures): string[] {
  const s = [...f.latencies].sort((a, b) => a - b);
  return [
    f.label,
    String(f.requests),
    String(f.concurrency),
    (f.requests / f.seconds).toFixed(0),
    ms(percentile(s, 0.5)),
    ms(percentile(s, 0.95)),
    ms(percentile(s, 0.99)),
    ms(s[s.length - 1]),
  ];
}

export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [
    line(headers),
    `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}
