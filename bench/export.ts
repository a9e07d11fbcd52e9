/**
 * Export benchmark (`npm run bench -- export`, issue #12): GET /api/v1/exports/releases.jsonl
 * through the built API against PostgreSQL's own `COPY (…) TO STDOUT` of the same rows
 * (the published releases in `seq` order, through `psql`), EXPORT_ROWS bulk-seeded releases
 * of ~2 KB. Prints rows/s and MB/s of both and their ratio; fails if the stream's line count
 * differs from the rows.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import { publishedReleaseSql } from '../src/ocds/release-visibility';
import { seedOpportunity, seedPublicBody, seedUser, sqlOfPg } from '../test/support/opportunity-seed';
import { freePort } from '../test/support/free-port';
import {
  checkRedis,
  deleteRedisKeys,
  dropDatabase,
  freshDatabase,
  guarded,
  int,
  log,
  redisPrefix,
  startApi,
  stopApi,
  table,
  timed,
  withClient,
} from './lib';
import { BenchResult, goal, info } from './results';

const DB_NAME = 'echanges_bench_export';
const ROWS = int('EXPORT_ROWS', 100_000);

const TEMPLATE = {
  initiationType: 'tender',
  language: 'fr',
  buyer: { id: 'OP-x', name: 'Ministère de la Cybersécurité et du Numérique' },
  parties: [{ id: 'OP-x', name: 'Ministère de la Cybersécurité et du Numérique', roles: ['buyer', 'procuringEntity'] }],
  tender: {
    id: 'EEC-2099-0001',
    title: 'Module de prise de rendez-vous',
    description: 'Un module libre de prise de rendez-vous pour les citoyens. '.repeat(12),
    status: 'active',
    value: { amount: 65000, currency: 'CAD' },
    procurementMethod: 'open',
    awardCriteria: 'ratedCriteria',
    awardCriteriaDetails: 'Prix ajusté le plus bas : prix / (1 + K × (Q − 70) / 30), K = 30 %. '.repeat(4),
  },
};

function streamHttp(port: number): Promise<{ lines: number; bytes: number; seconds: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/api/v1/exports/releases.jsonl' }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode}`));
        let lines = 0;
        let bytes = 0;
        res.on('data', (c: Buffer) => {
          bytes += c.length;
          for (let i = c.indexOf(10); i !== -1; i = c.indexOf(10, i + 1)) lines += 1;
        });
        res.on('end', () => resolve({ lines, bytes, seconds: (performance.now() - t0) / 1000 }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

function copyOut(url: string): Promise<{ lines: number; bytes: number; seconds: number }> {
  const sql = `COPY (SELECT r.release::text FROM ocds_release r WHERE ${publishedReleaseSql('r')} ORDER BY r.seq) TO STDOUT`;
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('psql', [url, '-X', '-q', '-c', sql], { stdio: ['ignore', 'pipe', 'pipe'] });
    let lines = 0;
    let bytes = 0;
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      bytes += c.length;
      for (let i = c.indexOf(10); i !== -1; i = c.indexOf(10, i + 1)) lines += 1;
    });
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve({ lines, bytes, seconds: (performance.now() - t0) / 1000 })
        : reject(new Error(`psql : ${err.slice(0, 300)}`)),
    );
  });
}

export async function exportBench(): Promise<BenchResult> {
  return guarded(async (defer) => {
    const prefix = redisPrefix();
    defer(() => deleteRedisKeys(prefix));
    defer(() => dropDatabase(DB_NAME));
    await checkRedis();
    const url = await freshDatabase(DB_NAME);
    await timed(`insertion de ${ROWS} publications OCDS`, () =>
      withClient(url, async (client) => {
        const sql = sqlOfPg(client);
        const body = await seedPublicBody(sql, { acronym: 'MCN' });
        const user = await seedUser(sql, { email: 'acheteur.flux@gouv.qc.ca', role: 'buyer', publicBodyId: body.id });
        const o = await seedOpportunity(sql, { publicBodyId: body.id, createdById: user.id, title: 'Flux' });
        const [{ ocid }] = (await client.query(`SELECT ocid FROM opportunity WHERE id = $1`, [o.id])).rows;
        await client.query(
          `INSERT INTO ocds_release (ocid, release_seq, release_id, tags, date, entities, release)
           SELECT $1::text, g, $1::text || '-' || g, '{tenderUpdate}', now() - ($2::int - g) * interval '1 second', '{}',
                  $3::jsonb || jsonb_build_object('ocid', $1::text, 'id', $1::text || '-' || g, 'tag', '["tenderUpdate"]'::jsonb,
                                                  'date', to_char(now() - ($2::int - g) * interval '1 second', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
             FROM generate_series(1, $2::int) g`,
          [ocid, ROWS, JSON.stringify(TEMPLATE)],
        );
        await client.query('VACUUM ANALYZE');
      }),
    );
    const port = await freePort();
    const api = await timed('démarrage de l’API', () => startApi({ url, port, prefix }));
    defer(() => stopApi(api.child));
    await copyOut(url); // warm the cache for both
    const viaHttp = await timed('GET /api/v1/exports/releases.jsonl', () => streamHttp(port));
    const viaCopy = await timed('COPY … TO STDOUT (psql)', () => copyOut(url));
    const rps = (r: { lines: number; seconds: number }) => r.lines / r.seconds;
    const mbps = (r: { bytes: number; seconds: number }) => r.bytes / 2 ** 20 / r.seconds;
    console.log('');
    console.log(
      table(
        ['chemin', 'lignes', 'Mo', 's', 'lignes/s', 'Mo/s'],
        [
          ['GET /api/v1/exports/releases.jsonl', viaHttp, 'HTTP'] as const,
          ['COPY (…) TO STDOUT', viaCopy, 'COPY'] as const,
        ].map(([label, r]) => [
          label,
          String(r.lines),
          (r.bytes / 2 ** 20).toFixed(1),
          r.seconds.toFixed(2),
          rps(r).toFixed(0),
          mbps(r).toFixed(1),
        ]),
      ),
    );
    const ratio = rps(viaHttp) / rps(viaCopy);
    log(`débit HTTP ÷ COPY : ×${ratio.toFixed(2)}`);
    const B = 'export';
    const figures = [
      info(B, 'releases.jsonl ÷ COPY TO STDOUT (lignes/s)', ratio, '×'),
      info(B, 'releases.jsonl', rps(viaHttp), 'lignes/s'),
      goal(
        B,
        'lignes exportées = publications',
        viaHttp.lines === ROWS && viaCopy.lines === ROWS ? 1 : 0,
        'booléen',
        '=',
        1,
        true,
      ),
    ];
    return { ok: figures.every((f) => !f.correctness || f.met), figures, raw: { http: viaHttp, copy: viaCopy } };
  });
}
