/**
 * Deadline-surge benchmark (`npm run bench -- deadline-surge`): SURGE_VENDORS vendors (500)
 * submit their proposals in the last seconds before the proposal deadline, and some just
 * after it, through the built API (APP_ROLE=all) on PostgreSQL and Redis. Rule P2
 * (domain.md §5): a submission racing the deadline is either fully in or fully refused.
 *
 * 1. fresh database `echanges_bench_surge`, migrations; seeded in SQL: one public body, one
 *    PUBLISHED opportunity with three criteria, the vendor accounts, their organizations and
 *    memberships, and their complete DRAFT proposals (responses, attestations, price), so
 *    that only `POST /api/v1/proposals/:id/submit` is measured;
 * 2. access tokens signed here with the JWT_SECRET given to the API (no argon2 logins);
 * 3. the deadline is set to now() + SURGE_LEAD_MS on the database clock; submission i is
 *    scheduled at a fixed time (no randomness): 90 % evenly over the last SURGE_WINDOW_MS
 *    before the deadline, 10 % over the SURGE_AFTER_MS after it; at most SURGE_CONCURRENCY in
 *    flight (keep-alive agent), each with its Idempotency-Key;
 * 4. prints the answers (200, 409 DEADLINE_PASSED, others), throughput and latency, then the
 *    database's view: proposals submitted, and those submitted at or after the deadline
 *    (must be 0); fails (exit code 1) if any were, or if #200 ≠ #submitted;
 * 5. stops the API and drops the database, whatever happened.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import jwt from 'jsonwebtoken';
import { Client } from 'pg';
import { seedOpportunity, seedPublicBody, seedUser, sqlOfPg } from '../test/support/opportunity-seed';
import { freePort } from '../test/support/free-port';
import {
  ADMIN_URL,
  checkRedis,
  deleteRedisKeys,
  dropDatabase,
  freshDatabase,
  guarded,
  int,
  log,
  ms,
  percentile,
  REDIS_URL,
  redisPrefix,
  startApi,
  stopApi,
  table,
  timed,
  withClient,
} from './lib';
import { backendCpuSeconds, cpuSeconds, sampleActivity } from './activity-sampler';
import { startPgCounter } from './pg-counter';
import { BenchResult, goal, info } from './results';

const DB_NAME = 'echanges_bench_surge';
const VENDORS = int('SURGE_VENDORS', 500);
const CONCURRENCY = int('SURGE_CONCURRENCY', 32);
/** The deadline is set this far ahead of the database clock, just before the surge. */
const LEAD_MS = int('SURGE_LEAD_MS', 3000);
/** 90 % of the submissions are spread over this window, ending at the deadline. */
const WINDOW_MS = int('SURGE_WINDOW_MS', 2500);
/** … and 10 % over this one, just after it. */
const AFTER_MS = int('SURGE_AFTER_MS', 250);
const AFTER_SHARE = 0.1;
const WARMUP = Math.min(VENDORS, int('SURGE_WARMUP', 50));
/** A request without an answer after this long counts as an error (the run stays bounded). */
const REQUEST_TIMEOUT_MS = int('SURGE_REQUEST_TIMEOUT_MS', 30_000);
const PRICE_CENTS = 4_000_000;
/** The fairness goal counts requests that left at least this long before the deadline. */
const EARLY_MS = 200;
/**
 * The API's PostgreSQL connections (DATABASE_POOL_SIZE given to it; the API's own default is
 * 10): as many as requests in flight, since a submission's transaction, which decides the
 * deadline, begins when it arrives and needs a connection then (docs/benchmarks.md).
 */
const API_POOL_SIZE = int('SURGE_POOL_SIZE', CONCURRENCY);
const ESTIMATED_VALUE_CENTS = 5_000_000;

interface Vendor {
  index: number;
  userId: string;
  proposalId: string;
  sessionId: string;
  token: string;
}

interface Answer {
  index: number;
  status: number;
  code: string | null;
  submittedAt: string | null;
  latency: number;
  queued: number;
  sentAt: number;
  endedAt: number;
  /** How long before the deadline it left the client (ms; negative: after). */
  margin: number;
  /** Left the client before the deadline (Node's clock, corrected to the database's). */
  sentBeforeDeadline: boolean;
}

async function seed(url: string): Promise<{ opportunityId: string; vendors: Omit<Vendor, 'token'>[] }> {
  return withClient(url, async (client) => {
    const sql = sqlOfPg(client);
    const body = await seedPublicBody(sql, { acronym: 'MCN', nameFr: 'Ministère de la Cybersécurité et du Numérique' });
    const buyer = await seedUser(sql, { email: 'acheteur.rafale@gouv.qc.ca', role: 'buyer', publicBodyId: body.id });
    const opportunity = await seedOpportunity(sql, {
      publicBodyId: body.id,
      createdById: buyer.id,
      status: 'PUBLISHED',
      title: 'Portail de prise de rendez-vous (banc d’essai de dépôt)',
      estimatedValueCents: ESTIMATED_VALUE_CENTS,
      deadlineIn: '1 hour',
    });
    const emails = `'fournisseur-' || lpad(g::text, 5, '0') || '@rafale.bench.quebec'`;
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO app_user (email, name, password_hash, role, preferred_language, active)
       SELECT ${emails}, 'Fournisseur ' || g, 'seeded-account-without-password', 'vendor', 'fr', true FROM generate_series(1, $1::int) g`,
      [VENDORS],
    );
    await client.query(
      `INSERT INTO vendor_organization (legal_name, neq, size, email, city, province, postal_code)
       SELECT 'Logiciels Rafale ' || g || ' inc.', '12' || lpad(g::text, 8, '0'), 'sme', ${emails}, 'Québec', 'QC', 'G1R 4A5'
         FROM generate_series(1, $1::int) g`,
      [VENDORS],
    );
    await client.query(
      `INSERT INTO vendor_membership (vendor_id, user_id, role)
       SELECT o.id, u.id, 'owner' FROM app_user u JOIN vendor_organization o ON o.email = u.email WHERE u.email LIKE '%@rafale.bench.quebec'`,
    );
    await client.query(
      `INSERT INTO proposal (opportunity_id, vendor_id, author_id, status, responses, attestations)
       SELECT $1::uuid, m.vendor_id, m.user_id, 'DRAFT',
              (SELECT jsonb_agg(jsonb_build_object('criterionId', c.id::text, 'text', 'Notre réponse au critère ' || c.position || '.') ORDER BY c.position)
                 FROM opportunity_criterion c WHERE c.opportunity_id = $1::uuid),
              '{"acceptTerms": true, "acceptLicense": true, "conflictOfInterest": {"declared": false, "description": null}}'::jsonb
         FROM vendor_membership m JOIN app_user u ON u.id = m.user_id
        WHERE u.email LIKE '%@rafale.bench.quebec'`,
      [opportunity.id],
    );
    await client.query(
      `INSERT INTO proposal_price (proposal_id, price_cents) SELECT id, $2 FROM proposal WHERE opportunity_id = $1`,
      [opportunity.id, PRICE_CENTS],
    );
    // One open session per vendor (a refresh-token family), as a log-in makes: access tokens name it (sid).
    await client.query(
      `INSERT INTO refresh_token (user_id, family_id, token_hash, expires_at)
       SELECT u.id, gen_random_uuid(), encode(sha256(u.id::text::bytea), 'hex'), now() + interval '1 day'
         FROM app_user u WHERE u.email LIKE '%@rafale.bench.quebec'`,
    );
    await client.query('COMMIT');
    await client.query('VACUUM ANALYZE');
    const { rows } = await client.query<{ user_id: string; proposal_id: string; session_id: string }>(
      `SELECT u.id AS user_id, p.id AS proposal_id, t.family_id AS session_id
         FROM proposal p JOIN app_user u ON u.id = p.author_id JOIN refresh_token t ON t.user_id = u.id
        WHERE p.opportunity_id = $1 ORDER BY u.email`,
      [opportunity.id],
    );
    if (rows.length !== VENDORS) throw new Error(`${rows.length} propositions insérées au lieu de ${VENDORS}`);
    return {
      opportunityId: opportunity.id,
      vendors: rows.map((r, index) => ({
        index,
        userId: r.user_id,
        proposalId: r.proposal_id,
        sessionId: r.session_id,
      })),
    };
  });
}

/** Node's clock minus the database's (ms), from the sample with the shortest round trip. */
async function clockOffset(client: Client): Promise<number> {
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < 7; i += 1) {
    const t0 = Date.now();
    const { rows } = await client.query<{ at: string }>(
      `SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS at`,
    );
    const t1 = Date.now();
    if (t1 - t0 < best.rtt) best = { rtt: t1 - t0, offset: (t0 + t1) / 2 - Number(rows[0].at) };
  }
  return best.offset;
}

/** What the submit route answers: a receipt, or the error envelope. */
interface SubmitBody {
  submittedAt?: string;
  error?: { code?: string };
  raw?: string;
}

function post(
  agent: http.Agent,
  port: number,
  path: string,
  token: string,
  key: string,
): Promise<{ status: number; body: SubmitBody }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: {
          Authorization: `Bearer ${token}`,
          'Idempotency-Key': key,
          'Content-Type': 'application/json',
          'Content-Length': '2',
        },
        timeout: REQUEST_TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let body: SubmitBody;
          try {
            body = JSON.parse(text) as SubmitBody;
          } catch {
            body = { raw: text.slice(0, 300) };
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`pas de réponse après ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end('{}');
  });
}

function get(agent: http.Agent, port: number, path: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      {
        host: '127.0.0.1',
        port,
        path,
        agent,
        headers: { Authorization: `Bearer ${token}` },
        timeout: REQUEST_TIMEOUT_MS,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy(new Error('pas de réponse')));
    req.on('error', reject);
  });
}

/** A counting semaphore: at most `size` holders. */
function semaphore(size: number) {
  let free = size;
  const waiting: (() => void)[] = [];
  return {
    acquire: () => (free > 0 ? (free--, Promise.resolve()) : new Promise<void>((resolve) => waiting.push(resolve))),
    release: () => {
      const next = waiting.shift();
      if (next) next();
      else free++;
    },
  };
}

/** When submission i leaves, relative to the deadline (ms): deterministic. */
export function schedule(count: number): number[] {
  const after = Math.round(count * AFTER_SHARE);
  const before = count - after;
  return Array.from({ length: count }, (_, i) =>
    i < before ? -WINDOW_MS + ((i + 0.5) * WINDOW_MS) / before : ((i - before + 0.5) * AFTER_MS) / after,
  );
}

const SEAL_WAIT_MS = 5000;

/**
 * The submissions' audit events once the surge is over: how many are still unsealed after at
 * most SEAL_WAIT_MS (nothing reads the log meanwhile, so only the background sealer seals), and
 * the delay from the command's start (`occurred_at`, the transaction's time) to its sealing.
 */
async function auditSealing(db: Client, opportunityId: string) {
  const events = `FROM audit_event e JOIN proposal p ON p.id::text = e.entity_id
                  WHERE p.opportunity_id = $1 AND e.action LIKE 'proposals.submit%'`;
  const until = Date.now() + SEAL_WAIT_MS;
  let unsealed: number;
  do {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n ${events} AND e.seq IS NULL`, [
      opportunityId,
    ]);
    unsealed = rows[0].n;
    if (unsealed > 0) await new Promise((resolve) => setTimeout(resolve, 100));
  } while (unsealed > 0 && Date.now() < until);
  const { rows } = await db.query<{ sealed: number; p99: number | null; max: number | null }>(
    `SELECT count(*)::int AS sealed,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM e.sealed_at - e.occurred_at)) * 1000 AS p99,
            max(extract(epoch FROM e.sealed_at - e.occurred_at)) * 1000 AS max
       ${events} AND e.seq IS NOT NULL`,
    [opportunityId],
  );
  return { unsealed, sealed: rows[0].sealed, p99Ms: Number(rows[0].p99 ?? 0), maxMs: Number(rows[0].max ?? 0) };
}

/** Returns false when the figures break P2 (accepted after the deadline, or counts that disagree). */
export async function deadlineSurgeBench(): Promise<BenchResult> {
  return guarded(async (defer) => {
    const prefix = redisPrefix();
    const secret = randomBytes(32).toString('hex');
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    defer(() => deleteRedisKeys(prefix));
    defer(() => dropDatabase(DB_NAME));

    await checkRedis();
    log(
      `PostgreSQL ${new URL(ADMIN_URL).host}, Redis ${new URL(REDIS_URL).host}, ${VENDORS} fournisseurs, concurrence ${CONCURRENCY}, ${API_POOL_SIZE} connexions dans le pool de l’API, ` +
        `échéance à +${LEAD_MS} ms, dépôts sur les ${WINDOW_MS} ms avant et les ${AFTER_MS} ms après`,
    );
    const url = await freshDatabase(DB_NAME);
    const seeded = await timed(`insertion de ${VENDORS} fournisseurs et de leurs brouillons`, () => seed(url));
    const vendors: Vendor[] = seeded.vendors.map((v) => ({
      ...v,
      token: jwt.sign({ sub: v.userId, role: 'vendor', typ: 'access', sid: v.sessionId }, secret, {
        algorithm: 'HS256',
        expiresIn: 3600,
      }),
    }));

    const port = await freePort();
    // SURGE_COUNT_SQL=1: the API goes through the counting proxy (bench/pg-counter.ts), to
    // print SQL statements per submission; off by default (the proxy shares this process's CPU).
    const counter = process.env.SURGE_COUNT_SQL
      ? await startPgCounter({ host: new URL(url).hostname, port: Number(new URL(url).port || 5432) })
      : null;
    if (counter) defer(() => counter.close());
    const apiUrl = new URL(url);
    if (counter) apiUrl.port = String(counter.port);
    const api = await timed('démarrage de l’API (APP_ROLE=all)', () =>
      startApi({
        url: apiUrl.toString(),
        port,
        prefix,
        role: 'all',
        jwtSecret: secret,
        env: { DATABASE_POOL_SIZE: String(API_POOL_SIZE) },
      }),
    );
    defer(() => stopApi(api.child));
    defer(async () => agent.destroy());

    // Warm-up: each vendor of the first WARMUP reads its own draft (opens the keep-alive sockets, checks the tokens).
    for (let i = 0; i < WARMUP; i += CONCURRENCY) {
      const statuses = await Promise.all(
        vendors.slice(i, i + CONCURRENCY).map((v) => get(agent, port, `/api/v1/proposals/${v.proposalId}`, v.token)),
      );
      const wrong = statuses.find((s) => s !== 200);
      if (wrong !== undefined)
        throw new Error(`échauffement : GET /api/v1/proposals/:id a répondu ${wrong}\n${api.output.join('\n')}`);
    }

    const db = new Client({ connectionString: url });
    await db.connect();
    defer(() => db.end());
    const offset = await clockOffset(db);
    const { rows } = await db.query<{ deadline: Date }>(
      `UPDATE opportunity SET proposal_deadline = date_trunc('milliseconds', clock_timestamp() + $2::int * interval '1 millisecond')
        WHERE id = $1 RETURNING proposal_deadline AS deadline`,
      [seeded.opportunityId, LEAD_MS],
    );
    const deadline = new Date(rows[0].deadline);
    const deadlineLocal = deadline.getTime() + offset;
    log(`échéance ${deadline.toISOString()} (horloge de la base ; écart Node − base ${offset.toFixed(1)} ms)`);

    const cpuBefore = { api: cpuSeconds(api.child.pid), pg: await backendCpuSeconds(db) };
    const stopSampling = await sampleActivity(url, API_POOL_SIZE);
    const statementsBefore = counter?.statements ?? 0;
    const slots = schedule(VENDORS);
    const gate = semaphore(CONCURRENCY);
    const answers: Answer[] = [];
    const failures: string[] = [];
    await Promise.all(
      vendors.map(async (v) => {
        const due = deadlineLocal + slots[v.index];
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
        const waitFrom = performance.now();
        await gate.acquire();
        const sentAt = performance.now();
        const margin = deadlineLocal - Date.now();
        const sentBeforeDeadline = margin > 0;
        try {
          const res = await post(agent, port, `/api/v1/proposals/${v.proposalId}/submit`, v.token, `rafale-${v.index}`);
          const endedAt = performance.now();
          const code = res.body.error?.code ?? null;
          answers.push({
            index: v.index,
            status: res.status,
            code,
            submittedAt: res.body.submittedAt ?? null,
            latency: endedAt - sentAt,
            queued: sentAt - waitFrom,
            sentAt,
            endedAt,
            margin,
            sentBeforeDeadline,
          });
          if (res.status !== 200 && !(res.status === 409 && code === 'DEADLINE_PASSED') && failures.length < 5) {
            failures.push(`#${v.index} : HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
          }
        } catch (e) {
          const endedAt = performance.now();
          answers.push({
            index: v.index,
            status: 0,
            code: (e as Error).message,
            submittedAt: null,
            latency: endedAt - sentAt,
            queued: sentAt - waitFrom,
            sentAt,
            endedAt,
            margin,
            sentBeforeDeadline,
          });
          if (failures.length < 5) failures.push(`#${v.index} : ${(e as Error).message}`);
        } finally {
          gate.release();
        }
      }),
    );
    const activity = await stopSampling();
    if (counter)
      log(`instructions SQL par requête de dépôt : ${((counter.statements - statementsBefore) / VENDORS).toFixed(1)}`);
    const apiCpu = cpuSeconds(api.child.pid) - cpuBefore.api;
    let pgCpu = 0;
    for (const [pid, before] of cpuBefore.pg) pgCpu += Math.max(0, cpuSeconds(pid) - before);
    // Every request has answered, so every accepted submission is committed.
    const [counts] = (
      await db.query<{
        submitted: number;
        under_evaluation: number;
        drafts: number;
        late: number;
        first: Date | null;
        last: Date | null;
      }>(
        `SELECT count(*) FILTER (WHERE p.status = 'SUBMITTED')::int AS submitted,
                count(*) FILTER (WHERE p.status = 'UNDER_EVALUATION')::int AS under_evaluation,
                count(*) FILTER (WHERE p.status = 'DRAFT')::int AS drafts,
                count(*) FILTER (WHERE p.submitted_at IS NOT NULL AND p.submitted_at >= o.proposal_deadline)::int AS late,
                min(p.submitted_at) AS first, max(p.submitted_at) AS last
           FROM proposal p JOIN opportunity o ON o.id = p.opportunity_id WHERE p.opportunity_id = $1`,
        [seeded.opportunityId],
      )
    ).rows;

    // The audit chain is sealed after commit (README "Audit chain"): every event of the surge
    // must be sealed within a bounded delay — waited for here at most SEAL_WAIT_MS, then counted.
    const sealing = await auditSealing(db, seeded.opportunityId);

    const accepted = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 409 && a.code === 'DEADLINE_PASSED');
    const others = answers.length - accepted.length - refused.length;
    const acceptedLateByReceipt = accepted.filter(
      (a) => !a.submittedAt || Date.parse(a.submittedAt) >= deadline.getTime(),
    ).length;
    const scheduledAfter = slots.filter((s) => s >= 0).length;
    const sentBefore = answers.filter((a) => a.sentBeforeDeadline);
    const refusedSentBefore = refused.filter((a) => a.sentBeforeDeadline).length;
    const seconds = (Math.max(...answers.map((a) => a.endedAt)) - Math.min(...answers.map((a) => a.sentAt))) / 1000;
    const lat = answers.map((a) => a.latency).sort((a, b) => a - b);
    const queued = answers.map((a) => a.queued).sort((a, b) => a - b);
    // The closing sweep (APP_ROLE=all) may already have moved SUBMITTED to UNDER_EVALUATION.
    const submittedInDb = counts.submitted + counts.under_evaluation;
    const late = counts.late;
    const countsAgree = accepted.length === submittedInDb;

    console.log('');
    console.log(
      `Rafale de dépôts : ${VENDORS} fournisseurs, ${VENDORS - scheduledAfter} envoyés dans les ${WINDOW_MS} ms avant l’échéance, ${scheduledAfter} dans les ${AFTER_MS} ms après`,
    );
    console.log(
      `Machine : ${os.cpus().length} cœurs, Node ${process.version} ; l’API (APP_ROLE=all), PostgreSQL, Redis et ce client partagent la machine.`,
    );
    console.log('');
    console.log(
      table(
        ['route', 'requêtes', 'concurrence', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'file client p99 ms'],
        [
          [
            'POST /api/v1/proposals/:id/submit',
            String(answers.length),
            String(CONCURRENCY),
            (answers.length / seconds).toFixed(0),
            ms(percentile(lat, 0.5)),
            ms(percentile(lat, 0.95)),
            ms(percentile(lat, 0.99)),
            ms(lat[lat.length - 1]),
            ms(percentile(queued, 0.99)),
          ],
        ],
      ),
    );
    console.log('');
    console.log(
      table(
        ['résultat', 'nombre'],
        [
          ['acceptées (200)', String(accepted.length)],
          ['refusées DEADLINE_PASSED (409)', String(refused.length)],
          ['autres erreurs', String(others)],
          ['parties du client avant l’échéance', String(sentBefore.length)],
          ['  dont refusées (décidées après l’échéance)', String(refusedSentBefore)],
          [
            'base : déposées (SUBMITTED + UNDER_EVALUATION)',
            `${submittedInDb} (${counts.submitted} + ${counts.under_evaluation})`,
          ],
          ['base : brouillons restants (DRAFT)', String(counts.drafts)],
          ['base : déposées à ou après l’échéance (doit être 0)', String(late)],
          ['accusés 200 dont submittedAt ≥ échéance', String(acceptedLateByReceipt)],
          ['#200 = #déposées', countsAgree ? 'oui' : 'NON'],
        ],
      ),
    );
    if (counts.first && counts.last) {
      console.log('');
      console.log(
        `Premier dépôt ${new Date(counts.first).toISOString()}, dernier ${new Date(counts.last).toISOString()}, échéance ${deadline.toISOString()}`,
      );
    }
    if (failures.length) console.log(`\nPremières erreurs :\n${failures.join('\n')}`);
    console.log('');

    const early = answers.filter((a) => a.margin >= EARLY_MS);
    const earlyRefused = early.filter((a) => a.status !== 200).length;
    const earlyRefusedShare = early.length ? earlyRefused / early.length : 0;
    const p99 = percentile(lat, 0.99);
    // The decision time of an accepted submission is its transaction's now() (submittedAt): how
    // long after it left the client did that transaction begin (database clock both sides).
    const toDecision = accepted
      .filter((a) => a.submittedAt)
      .map((a) => Date.parse(a.submittedAt!) - (deadline.getTime() - a.margin))
      .sort((a, b) => a - b);
    // The client's own queue (at most CONCURRENCY in flight) delays some requests past their
    // slot: counted from the slot (when the vendor pressed « Soumettre »), not from leaving.
    const pressedEarly = answers.filter((a) => slots[a.index] <= -EARLY_MS);
    const pressedEarlyRefused = pressedEarly.filter((a) => a.status !== 200).length;
    const totalClass = Object.values(activity.byClass).reduce((a, b) => a + b, 0) || 1;
    console.log(
      `Où passe le temps (échantillons de pg_stat_activity toutes les 20 ms, ${activity.samples} échantillons, connexions de l’API occupées en moyenne : ${activity.meanBusy.toFixed(1)} sur ${API_POOL_SIZE}) :`,
    );
    console.log('');
    console.log(
      table(
        ['état des connexions de l’API', 'part'],
        [
          ...Object.entries(activity.byClass).map(([k, v]) => [k, `${((100 * v) / totalClass).toFixed(1)} %`]),
          [
            'pool entièrement occupé (les requêtes suivantes attendent)',
            `${(100 * activity.poolSaturated).toFixed(1)} % du temps`,
          ],
          ['CPU de l’API (Node) pendant la rafale', `${apiCpu.toFixed(2)} s`],
          ['CPU de PostgreSQL (connexions de l’API)', `${pgCpu.toFixed(2)} s`],
          ['durée de la rafale', `${seconds.toFixed(2)} s`],
        ],
      ),
    );
    console.log('');
    console.log(
      `Parties au moins ${EARLY_MS} ms avant l’échéance : ${early.length}, refusées : ${earlyRefused} (${(100 * earlyRefusedShare).toFixed(2)} %, objectif ≤ 1 %) ; p99 ${ms(p99)} ms (objectif < 300 ms)`,
    );
    if (toDecision.length)
      console.log(
        `Du départ du client au début de la transaction qui décide (acceptées, horloge de la base) : p50 ${ms(percentile(toDecision, 0.5))} ms, p95 ${ms(percentile(toDecision, 0.95))} ms, p99 ${ms(percentile(toDecision, 0.99))} ms`,
      );
    console.log(
      `Prévues au moins ${EARLY_MS} ms avant l’échéance (file du client comprise) : ${pressedEarly.length}, refusées : ${pressedEarlyRefused} (${((100 * pressedEarlyRefused) / (pressedEarly.length || 1)).toFixed(1)} %)`,
    );
    console.log('');
    console.log(
      `Journal d’audit : ${sealing.sealed} événement(s) des dépôts scellé(s), ${sealing.unsealed} non scellé(s) ${SEAL_WAIT_MS} ms après ; du début de la commande au scellement p99 ${ms(sealing.p99Ms)} ms, max ${ms(sealing.maxMs)} ms`,
    );
    const ok = late === 0 && acceptedLateByReceipt === 0 && countsAgree && sealing.unsealed === 0;
    if (!ok)
      console.error(
        `ÉCHEC P2 : ${late} dépôt(s) acceptés après l’échéance, #200 = ${accepted.length}, déposées = ${submittedInDb}`,
      );
    const B = 'deadline-surge';
    return {
      ok,
      figures: [
        goal(B, 'acceptées après l’échéance', late + acceptedLateByReceipt, 'dépôts', '=', 0, true),
        goal(B, '#200 = #déposées en base', countsAgree ? 1 : 0, 'booléen', '=', 1, true),
        goal(B, `refusées parmi les parties ≥ ${EARLY_MS} ms avant`, 100 * earlyRefusedShare, '%', '≤', 1),
        goal(B, 'p99 du dépôt', p99, 'ms', '<', 300),
        info(B, 'débit du dépôt', answers.length / seconds, 'req/s'),
        info(B, 'départ → transaction qui décide, p99', toDecision.length ? percentile(toDecision, 0.99) : 0, 'ms'),
        info(
          B,
          'attente du verrou de tête d’audit',
          (100 * activity.byClass['verrou de tête d’audit']) / totalClass,
          '% des connexions occupées',
        ),
        info(B, 'pool entièrement occupé', 100 * activity.poolSaturated, '% du temps'),
        goal(
          B,
          `événements d’audit non scellés ${SEAL_WAIT_MS} ms après la rafale`,
          sealing.unsealed,
          'événements',
          '=',
          0,
          true,
        ),
        info(B, 'début de la commande → scellement, p99', sealing.p99Ms, 'ms'),
        info(B, 'début de la commande → scellement, max', sealing.maxMs, 'ms'),
      ],
      raw: { activity, apiCpuSeconds: apiCpu, pgCpuSeconds: pgCpu, latencies: lat },
    };
  });
}
