/**
 * Award benchmark (`npm run bench -- award`): the lock of the scores (ranking), the ranking
 * read, the award, and the scoring grid read by the committee's secretary, for opportunities
 * with PROPOSALS proposals × 10 criteria (REPEATS of them: each figure is the median run) and
 * a committee of 5 evaluators, and the same for a small one (SMALL proposals): statements per
 * request at both sizes show an N+1 as a slope. The API reaches PostgreSQL through a counting
 * proxy (bench/pg-counter.ts), which gives the time PostgreSQL spent on the request's
 * statements and each round trip, so that every request's time is split (bench/request-trace.ts):
 * SQL, before the first statement, between statements, after the last; with the CPU of the
 * API and of PostgreSQL's backends. The lock + ranking + award chain is measured again through
 * a second API connected straight to PostgreSQL, to show the proxy's own cost.
 *
 * Everything is seeded in SQL (users, organizations, committee with signed declarations,
 * proposals UNDER_EVALUATION with their prices, 5 individual and 1 consensus score per
 * proposal and criterion); tokens are signed here with the API's JWT_SECRET.
 * AWARD_TRACE_DIR=<dir> writes each request's round trips (see docs/benchmarks.md § award).
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { Client } from 'pg';
import { seedPublicBody, seedUser, sqlOfPg } from '../test/support/opportunity-seed';
import { freePort } from '../test/support/free-port';
import {
  checkRedis,
  deleteRedisKeys,
  dropDatabase,
  freshDatabase,
  guarded,
  int,
  log,
  ms,
  redisPrefix,
  startApi,
  stopApi,
  table,
  timed,
  withClient,
} from './lib';
import { backendCpuSeconds, cpuSeconds } from './activity-sampler';
import { startPgCounter } from './pg-counter';
import { meanSplit, RequestSplit, splitRequest } from './request-trace';
import { BenchResult, Figure, goal, info } from './results';

const DB_NAME = 'echanges_bench_award';
const PROPOSALS = int('AWARD_PROPOSALS', 200);
const SMALL = int('AWARD_SMALL_PROPOSALS', 20);
const CRITERIA = 10;
const EVALUATORS = 5;
const READS = int('AWARD_READS', 20);
/** Large tenders locked and awarded one after the other: each request's figures are the median run's. */
const REPEATS = int('AWARD_REPEATS', 3);

interface Tender {
  size: number;
  opportunityId: string;
  proposalIds: string[];
  /** The cheapest proposal: every proposal has the same scores, so it ranks first. */
  winnerId: string;
}

async function seedTender(
  client: Client,
  size: number,
  key: number,
  secretaryId: string,
  evaluatorIds: string[],
  body: string,
) {
  const q = (sql: string, params: unknown[] = []) => client.query(sql, params).then((r) => r.rows);
  const [o] = await q(
    `INSERT INTO opportunity (reference, ocid, public_body_id, created_by_id, status, title, summary, description, skills,
                              procurement_mode, estimated_value_cents, evaluation_method, k_percent, acceptance_criteria,
                              license, forge_project_path, delivery_due_date, proposal_deadline, questions_deadline,
                              complaint_deadline, published_at, closed_at)
     VALUES ($1::text, 'ocds-ech000-' || $1::text, $2, $3, 'EVALUATION', '{"fr": "Adjudication (banc d’essai)"}', '{"fr": "Résumé"}',
             '{"fr": "Description"}', '{TypeScript}', 'public', 8000000, 'adjusted_price', 30,
             '[{"fr": "Tests automatisés"}]', 'LiLiQ-P-1.1', 'gouv/bench/adjudication-' || $4::int, (now() + interval '120 days')::date,
             now() - interval '1 day', now() - interval '4 days', now() + interval '9 days', now() - interval '20 days', now() - interval '1 day')
     RETURNING id`,
    [`EEC-2199-${String(key).padStart(5, '0')}`, body, secretaryId, key],
  );
  await q(
    `INSERT INTO opportunity_criterion (opportunity_id, position, title, description, weight, minimum_required)
     SELECT $1, g, jsonb_build_object('fr', 'Critère ' || g), NULL, 10, g = 1 FROM generate_series(1, $2::int) g`,
    [o.id, CRITERIA],
  );
  const tag = `adj${key}`;
  await q(
    `INSERT INTO app_user (email, name, password_hash, role, preferred_language, active)
     SELECT 'f' || g || '@${tag}.bench.quebec', 'Fournisseur ' || g, 'seeded-account-without-password', 'vendor', 'fr', true
       FROM generate_series(1, $1::int) g`,
    [size],
  );
  await q(
    `INSERT INTO vendor_organization (legal_name, neq, size, email, city, province, postal_code)
     SELECT 'Adjudication ${key} n° ' || g || ' inc.', '13' || lpad(($2::int * 1000 + g)::text, 8, '0'), 'sme',
            'f' || g || '@${tag}.bench.quebec', 'Québec', 'QC', 'G1R 4A5'
       FROM generate_series(1, $1::int) g`,
    [size, key],
  );
  await q(
    `INSERT INTO vendor_membership (vendor_id, user_id, role)
     SELECT v.id, u.id, 'owner' FROM app_user u JOIN vendor_organization v ON v.email = u.email WHERE u.email LIKE '%@${tag}.bench.quebec'`,
  );
  await q(
    `INSERT INTO proposal (opportunity_id, vendor_id, author_id, status, responses, attestations, submitted_at, receipt_hash)
     SELECT $1, m.vendor_id, m.user_id, 'UNDER_EVALUATION',
            (SELECT jsonb_agg(jsonb_build_object('criterionId', c.id::text, 'text', 'Réponse ' || c.position) ORDER BY c.position)
               FROM opportunity_criterion c WHERE c.opportunity_id = $1),
            '{"acceptTerms": true, "acceptLicense": true, "conflictOfInterest": {"declared": false}}', now() - interval '2 days',
            encode(sha256(convert_to(m.vendor_id::text, 'UTF8')), 'hex')
       FROM vendor_membership m JOIN app_user u ON u.id = m.user_id WHERE u.email LIKE '%@${tag}.bench.quebec'`,
    [o.id],
  );
  // Prices 4 000 000 + 1 000 × n: all different, so the ranking has a single first.
  await q(
    `INSERT INTO proposal_price (proposal_id, price_cents)
     SELECT id, 4000000 + 1000 * row_number() OVER (ORDER BY id) FROM proposal WHERE opportunity_id = $1`,
    [o.id],
  );
  await q(
    `INSERT INTO committee_member (opportunity_id, user_id, role, appointed_by_id)
     SELECT $1, u, CASE WHEN u = $2 THEN 'secretary' ELSE 'evaluator' END, $2 FROM unnest($3::uuid[]) u`,
    [o.id, secretaryId, [secretaryId, ...evaluatorIds]],
  );
  await q(
    `INSERT INTO committee_declaration (opportunity_id, user_id, confidentiality) SELECT $1, u, true FROM unnest($2::uuid[]) u`,
    [o.id, [secretaryId, ...evaluatorIds]],
  );
  await q(
    `INSERT INTO individual_score (proposal_id, evaluator_id, criterion_id, score, comment)
     SELECT p.id, e, c.id, 70 + (c.position % 3) * 5, 'Appréciation du critère ' || c.position
       FROM proposal p CROSS JOIN unnest($2::uuid[]) e JOIN opportunity_criterion c ON c.opportunity_id = p.opportunity_id
      WHERE p.opportunity_id = $1`,
    [o.id, evaluatorIds],
  );
  await q(
    `INSERT INTO consensus_score (proposal_id, criterion_id, score, rationale, recorded_by_id)
     SELECT p.id, c.id, 80, 'Consensus du comité', $2
       FROM proposal p JOIN opportunity_criterion c ON c.opportunity_id = p.opportunity_id WHERE p.opportunity_id = $1`,
    [o.id, secretaryId],
  );
  const proposals = await q(
    `SELECT p.id FROM proposal p JOIN proposal_price pp ON pp.proposal_id = p.id WHERE p.opportunity_id = $1 ORDER BY pp.price_cents`,
    [o.id],
  );
  return { size, opportunityId: o.id, proposalIds: proposals.map((p) => p.id), winnerId: proposals[0].id } as Tender;
}

function request(port: number, method: string, path: string, token: string, body?: unknown) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          'Idempotency-Key': randomBytes(8).toString('hex'),
          ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

interface Measure extends RequestSplit {
  route: string;
  size: number;
  calls: number;
  /** CPU of the API process and of PostgreSQL's backends per call (/proc, 10 ms ticks: read as a mean). */
  apiCpuMs: number;
  pgCpuMs: number;
}

export async function awardBench(): Promise<BenchResult> {
  return guarded(async (defer) => {
    const prefix = redisPrefix();
    const secret = randomBytes(32).toString('hex');
    defer(() => deleteRedisKeys(prefix));
    defer(() => dropDatabase(DB_NAME));
    await checkRedis();
    const url = await freshDatabase(DB_NAME);
    const { tenders, secretaryId, sessionId } = await timed(
      `insertion de ${SMALL} et ${PROPOSALS} propositions × ${CRITERIA} critères, comité de ${EVALUATORS}`,
      () =>
        withClient(url, async (client) => {
          const sql = sqlOfPg(client);
          const body = (await seedPublicBody(sql, { acronym: 'MCN' })).id;
          const secretary = await seedUser(sql, {
            email: 'secretaire@mcn.gouv.qc.ca',
            role: 'buyer',
            publicBodyId: body,
          });
          const evaluators: string[] = [];
          for (let i = 1; i <= EVALUATORS; i++)
            evaluators.push(
              (await seedUser(sql, { email: `evaluateur${i}@mcn.gouv.qc.ca`, role: 'evaluator', publicBodyId: body }))
                .id,
            );
          const list: Tender[] = [];
          // Through the proxy: the small one, then REPEATS large ones; the same again for the API
          // connected straight to PostgreSQL (its small one only warms it up).
          const large = Array.from({ length: REPEATS }, () => PROPOSALS);
          const sizes = [SMALL, ...large, SMALL, ...large];
          for (const [i, size] of sizes.entries())
            list.push(await seedTender(client, size, i + 1, secretary.id, evaluators, body));
          // A session, as a log-in opens one: access tokens name it (`sid`) and die with it.
          const {
            rows: [session],
          } = await client.query<{ family_id: string }>(
            `INSERT INTO refresh_token (user_id, family_id, token_hash, expires_at)
             VALUES ($1, gen_random_uuid(), repeat('0', 64), now() + interval '1 day') RETURNING family_id`,
            [secretary.id],
          );
          await client.query('VACUUM ANALYZE');
          return { tenders: list, secretaryId: secretary.id, sessionId: session.family_id };
        }),
    );
    const pgUrl = new URL(url);
    const counter = await startPgCounter({ host: pgUrl.hostname, port: Number(pgUrl.port || 5432) });
    defer(() => counter.close());
    const proxied = new URL(url);
    proxied.port = String(counter.port);
    const port = await freePort();
    const api = await timed('démarrage de l’API', () =>
      startApi({ url: proxied.toString(), port, prefix, jwtSecret: secret }),
    );
    defer(() => stopApi(api.child));
    const token = jwt.sign({ sub: secretaryId, role: 'buyer', typ: 'access', sid: sessionId }, secret, {
      algorithm: 'HS256',
      expiresIn: 3600,
    });

    const runs: Measure[] = [];
    const traceDir = process.env.AWARD_TRACE_DIR;
    const cpuClient = new Client({ connectionString: url });
    await cpuClient.connect();
    defer(() => cpuClient.end());
    /** CPU seconds of the API process and of the database's other backends (the API's connections). */
    const cpuNow = async () => {
      const backends = await backendCpuSeconds(cpuClient);
      return { api: cpuSeconds(api.child.pid), pg: [...backends.values()].reduce((a, b) => a + b, 0) };
    };
    const measure = async (
      route: string,
      size: number,
      calls: number,
      call: () => Promise<{ status: number; text: string }>,
    ) => {
      const splits: RequestSplit[] = [];
      const cpu0 = await cpuNow();
      for (let i = 0; i < calls; i++) {
        const trace = counter.trace();
        const hr0 = process.hrtime.bigint();
        const t0 = performance.now();
        const res = await call();
        const t1 = performance.now();
        const hr1 = process.hrtime.bigint();
        const trips = trace.stop();
        if (res.status !== 200 && res.status !== 201)
          throw new Error(`${route} (N=${size}) : HTTP ${res.status} ${res.text.slice(0, 300)}`);
        splits.push(splitRequest(t0, t1, trips));
        if (traceDir && i === 0) {
          const name = `${route
            .split(' ')
            .slice(0, 2)
            .join('-')
            .replace(/[^a-z0-9-]+/gi, '_')}-${size}.json`;
          writeFileSync(
            join(traceDir, name),
            JSON.stringify(
              {
                t0,
                t1,
                // Monotonic clock (µs), as the timestamps of a V8 CPU profile of the API.
                monotonicUs: [Number(hr0 / 1000n), Number(hr1 / 1000n)],
                trips: trips.map((t) => ({ ...t, start: t.start - t0, end: t.end - t0 })),
              },
              null,
              1,
            ),
          );
        }
      }
      const cpu1 = await cpuNow();
      runs.push({
        route,
        size,
        calls,
        ...meanSplit(splits),
        apiCpuMs: ((cpu1.api - cpu0.api) * 1000) / calls,
        pgCpuMs: ((cpu1.pg - cpu0.pg) * 1000) / calls,
      });
    };
    /**
     * After an award, the relay hands its e-mail jobs (one per bidder member) from the outbox
     * to BullMQ, after the response. Waited for before the next request, so that no request
     * is measured with the relay's statements beside it; how long it took is printed.
     */
    const relays: { size: number; direct: boolean; jobs: number; ms: number; statements: number }[] = [];
    const waitForRelay = async (size: number, direct = false) =>
      withClient(url, async (c) => {
        const [t0, s0] = [performance.now(), counter.statements];
        const deadline = Date.now() + 60_000;
        for (;;) {
          const {
            rows: [o],
          } = await c.query<{ left: number; relayed: number }>(
            `SELECT count(*) FILTER (WHERE status IN ('pending', 'running'))::int AS left,
                    count(*) FILTER (WHERE status = 'relayed')::int AS relayed FROM job_outbox`,
          );
          if (o.left === 0) {
            relays.push({
              size,
              direct,
              jobs: o.relayed,
              ms: performance.now() - t0,
              statements: counter.statements - s0,
            });
            return;
          }
          if (Date.now() > deadline) throw new Error(`relais inachevé après 60 s (${o.left} tâches)`);
          await new Promise((r) => setTimeout(r, 5));
        }
      });
    // Warm-up: the first request of a kind pays for lazy initialisation.
    await request(port, 'GET', `/api/v1/proposals/${tenders[0].proposalIds[0]}/scores`, token);
    const direct = tenders.slice(1 + REPEATS);
    for (const t of tenders.slice(0, 1 + REPEATS)) {
      const grid = `/api/v1/proposals/${t.winnerId}/scores`;
      await measure('GET /proposals/:id/scores (grille, comité de 5)', t.size, READS, () =>
        request(port, 'GET', grid, token),
      );
      await measure('POST /opportunities/:id/evaluation/lock', t.size, 1, () =>
        request(port, 'POST', `/api/v1/opportunities/${t.opportunityId}/evaluation/lock`, token, {}),
      );
      await measure('GET /opportunities/:id/ranking', t.size, READS, () =>
        request(port, 'GET', `/api/v1/opportunities/${t.opportunityId}/ranking`, token),
      );
      await measure('POST /opportunities/:id/award', t.size, 1, () =>
        request(port, 'POST', `/api/v1/opportunities/${t.opportunityId}/award`, token, { proposalId: t.winnerId }),
      );
      await waitForRelay(t.size);
    }

    // The same chain with the API connected to PostgreSQL directly: the proxy's own cost
    // (one more hop per round trip, in this process) is the difference.
    await stopApi(api.child);
    const directPort = await freePort();
    const directApi = await timed('démarrage de l’API sans mandataire', () =>
      startApi({ url, port: directPort, prefix, jwtSecret: secret }),
    );
    defer(() => stopApi(directApi.child));
    const directRuns: { route: string; size: number; serverMs: number }[] = [];
    const timeDirect = async (
      route: string,
      size: number,
      calls: number,
      call: () => Promise<{ status: number; text: string }>,
    ) => {
      let total = 0;
      for (let i = 0; i < calls; i++) {
        const t0 = performance.now();
        const res = await call();
        total += performance.now() - t0;
        if (res.status !== 200) throw new Error(`${route} (direct) : HTTP ${res.status} ${res.text.slice(0, 300)}`);
      }
      directRuns.push({ route, size, serverMs: total / calls });
    };
    await request(directPort, 'GET', `/api/v1/proposals/${tenders[0].proposalIds[0]}/scores`, token);
    for (const t of direct) {
      const base = `/api/v1/opportunities/${t.opportunityId}`;
      await timeDirect('POST /opportunities/:id/evaluation/lock', t.size, 1, () =>
        request(directPort, 'POST', `${base}/evaluation/lock`, token, {}),
      );
      await timeDirect('GET /opportunities/:id/ranking', t.size, READS, () =>
        request(directPort, 'GET', `${base}/ranking`, token),
      );
      await timeDirect('POST /opportunities/:id/award', t.size, 1, () =>
        request(directPort, 'POST', `${base}/award`, token, { proposalId: t.winnerId }),
      );
      await waitForRelay(t.size, true);
    }
    const directMedian = (route: string) => {
      const list = directRuns
        .filter((r) => r.route === route && r.size === PROPOSALS)
        .map((r) => r.serverMs)
        .sort((a, b) => a - b);
      return list[Math.floor((list.length - 1) / 2)];
    };
    // Per route and size, the run with the median server time (the large tender is run REPEATS times).
    const measures: Measure[] = [];
    for (const run of runs) {
      if (measures.some((m) => m.route === run.route && m.size === run.size)) continue;
      const same = runs
        .filter((m) => m.route === run.route && m.size === run.size)
        .sort((a, b) => a.serverMs - b.serverMs);
      const calls = same.reduce((a, m) => a + m.calls, 0);
      const mean = (k: 'apiCpuMs' | 'pgCpuMs') => same.reduce((a, m) => a + m[k] * m.calls, 0) / calls;
      measures.push({
        ...same[Math.floor((same.length - 1) / 2)],
        calls,
        apiCpuMs: mean('apiCpuMs'),
        pgCpuMs: mean('pgCpuMs'),
      });
    }
    // Correctness: on every tender, the winner is awarded and no other proposal.
    const checks = await withClient(url, async (c) =>
      Promise.all(
        tenders.map(
          async (t) =>
            (
              await c.query<{ awarded: number; winner: number }>(
                `SELECT count(*) FILTER (WHERE status = 'AWARDED')::int AS awarded,
                        count(*) FILTER (WHERE status = 'AWARDED' AND id = $2)::int AS winner
                   FROM proposal WHERE opportunity_id = $1`,
                [t.opportunityId, t.winnerId],
              )
            ).rows[0],
        ),
      ),
    );
    console.log('');
    console.log(
      table(
        [
          'route',
          'N',
          'appels',
          'serveur ms',
          'SQL ms',
          'serveur/SQL',
          'instructions SQL',
          'allers-retours',
          'avant 1re ms',
          'entre instr. ms',
          'après dern. ms',
          'plus long écart ms',
          'CPU API ms',
          'CPU PG ms',
        ],
        measures.map((m) => [
          m.route,
          String(m.size),
          String(m.calls),
          ms(m.serverMs),
          ms(m.sqlMs),
          (m.serverMs / m.sqlMs).toFixed(2),
          m.statements.toFixed(1),
          m.roundTrips.toFixed(1),
          ms(m.beforeMs),
          ms(m.betweenMs),
          ms(m.afterMs),
          ms(m.longestGapMs),
          m.apiCpuMs.toFixed(1),
          m.pgCpuMs.toFixed(1),
        ]),
      ),
    );
    log(
      'avant 1re : de l’envoi à la première instruction (HTTP, garde, authentification) ; entre instr. : écarts entre les allers-retours ' +
        'de la connexion principale (travail de l’API dans la transaction) ; après dern. : de la dernière réponse de PostgreSQL à la fin de la réponse HTTP.',
    );
    for (const r of relays)
      log(
        `après l’adjudication (N=${r.size}${r.direct ? ', sans mandataire' : ''}) : relais outbox → BullMQ terminé ` +
          `${ms(r.ms)} ms après la réponse${r.direct ? '' : `, ${r.statements} instructions SQL`} ` +
          `(${r.jobs} tâches relayées depuis le début)`,
      );
    for (const m of measures.filter((x) => x.size === PROPOSALS && x.longestGapMs > 2))
      log(`plus long écart, ${m.route} N=${m.size} : ${ms(m.longestGapMs)} ms avant « ${m.longestGapBefore} »`);
    const B = 'award';
    const at = (route: string, size: number) => measures.find((m) => m.route.startsWith(route) && m.size === size)!;
    const chain = (size: number) =>
      [
        'POST /opportunities/:id/evaluation/lock',
        'GET /opportunities/:id/ranking',
        'POST /opportunities/:id/award',
      ].map((r) => at(r, size));
    const sum = (list: Measure[], k: 'serverMs' | 'sqlMs' | 'statements' | 'apiCpuMs' | 'pgCpuMs') =>
      list.reduce((a, m) => a + m[k], 0);
    const big = chain(PROPOSALS);
    const slope = (route: string) =>
      (at(route, PROPOSALS).statements - at(route, SMALL).statements) / (PROPOSALS - SMALL);
    const figures: Figure[] = [
      goal(
        B,
        `verrou + classement + adjudication, ${PROPOSALS} × ${CRITERIA} (serveur)`,
        sum(big, 'serverMs'),
        'ms',
        '<',
        100,
      ),
      info(B, 'même chaîne : serveur ÷ SQL', sum(big, 'serverMs') / sum(big, 'sqlMs'), '×'),
      info(B, 'même chaîne : CPU de l’API', sum(big, 'apiCpuMs'), 'ms'),
      info(B, 'même chaîne : CPU de PostgreSQL', sum(big, 'pgCpuMs'), 'ms'),
      info(
        B,
        'même chaîne sans le mandataire de comptage (serveur)',
        ['POST /opportunities/:id/evaluation/lock', 'GET /opportunities/:id/ranking', 'POST /opportunities/:id/award']
          .map(directMedian)
          .reduce((a, b) => a + b, 0),
        'ms',
      ),
      goal(
        B,
        'pente instructions SQL / proposition (verrou)',
        slope('POST /opportunities/:id/evaluation/lock'),
        'instr./prop.',
        '<',
        0.05,
      ),
      goal(
        B,
        'pente instructions SQL / proposition (adjudication)',
        slope('POST /opportunities/:id/award'),
        'instr./prop.',
        '<',
        0.05,
      ),
      info(B, `grille du comité (N=${PROPOSALS})`, at('GET /proposals/:id/scores', PROPOSALS).serverMs, 'ms'),
      goal(
        B,
        'adjudication correcte (1 gagnant, le moins cher)',
        checks.every((check) => check.awarded === 1 && check.winner === 1) ? 1 : 0,
        'booléen',
        '=',
        1,
        true,
      ),
    ];
    log(
      `instructions SQL : ${measures.map((m) => `${m.route.split(' ')[1]} N=${m.size} ${m.statements.toFixed(1)}`).join(' ; ')}`,
    );
    return {
      ok: figures.every((f) => !f.correctness || f.met),
      figures,
      raw: { measures, runs, relays, direct: directRuns },
    };
  });
}
