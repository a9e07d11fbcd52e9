import { get, IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { seedOpportunity, seedPublicBody, seedUser, sqlOf, Sql } from '../support/opportunity-seed';
import { unique } from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The bulk stream `GET /exports/releases.jsonl` (docs/open-data.md): flat memory whatever the
 * volume (200 000 releases, peak RSS growth measured), keyset pages that leave the single
 * PGlite connection free for commands between pages, and its ETag.
 */
const BULK = 200_000;

/** Quotes, backslashes, control characters and non-ASCII text: the bytes must pass through unchanged. */
const TRICKY_TITLE = 'Module « rendez-vous » "v2" \\ C:\\chemin\nligne 2\ttab \u0001 ; virgule, fin';

/** A release of realistic size (~1.5 kB), the shape the writer produces. */
function templateRelease(ocid: string) {
  return {
    ocid,
    initiationType: 'tender',
    language: 'fr',
    buyer: { id: 'OP-x', name: 'Ministère de la Cybersécurité et du Numérique' },
    parties: [
      { id: 'OP-x', name: 'Ministère de la Cybersécurité et du Numérique', roles: ['buyer', 'procuringEntity'] },
    ],
    tender: {
      id: 'EEC-2099-0001',
      title: TRICKY_TITLE,
      description: 'Un module libre de prise de rendez-vous pour les citoyens. '.repeat(12),
      status: 'active',
      value: { amount: 65000, currency: 'CAD' },
      procurementMethod: 'open',
      mainProcurementCategory: 'services',
      awardCriteria: 'ratedCriteria',
      awardCriteriaDetails: 'Prix ajusté le plus bas : prix / (1 + K × (Q − 70) / 30), K = 30 %. '.repeat(4),
      tenderPeriod: { startDate: '2026-01-05T14:00:00.000Z', endDate: '2026-02-05T14:00:00.000Z' },
    },
  };
}

/** Seeds `count` releases of one ocid in one INSERT … SELECT (seconds apart, ending now). */
async function seedReleases(sql: Sql, ocid: string, count: number, from = 1): Promise<void> {
  await sql(
    `INSERT INTO ocds_release (ocid, release_seq, release_id, tags, date, entities, release)
     SELECT $1::text, g, $1::text || '-' || g, '{tenderUpdate}', now() - ($3::int + $2::int - g) * interval '1 second', '{}',
            $4::jsonb || jsonb_build_object('id', $1::text || '-' || g, 'tag', '["tenderUpdate"]'::jsonb,
                                            'date', to_char(now() - ($3::int + $2::int - g) * interval '1 second', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
       FROM generate_series($3::int, $3::int + $2::int - 1) g`,
    [ocid, count, from, JSON.stringify(templateRelease(ocid))],
  );
}

async function opportunityOcid(sql: Sql, mode: 'public' | 'invitation'): Promise<string> {
  const body = await seedPublicBody(sql, { acronym: unique('FLUX').slice(0, 25) });
  const user = await seedUser(sql, { email: `${unique('acheteur')}@gouv.qc.ca`, role: 'buyer', publicBodyId: body.id });
  const o = await seedOpportunity(sql, {
    publicBodyId: body.id,
    createdById: user.id,
    title: 'Flux',
    procurementMode: mode,
  });
  const [row] = await sql(`SELECT ocid FROM opportunity WHERE id = $1`, [o.id]);
  return row.ocid as string;
}

/** Reads a stream over real HTTP without keeping it: counts lines and bytes, keeps the first and last line. */
function consume(port: number, path: string, onResponse?: (res: IncomingMessage) => void) {
  return new Promise<{ status: number; lines: number; bytes: number; first: string; last: string }>(
    (resolve, reject) => {
      get({ host: '127.0.0.1', port, path }, (res) => {
        onResponse?.(res);
        let lines = 0;
        let bytes = 0;
        let head: Buffer | null = null;
        let tail = Buffer.alloc(0);
        // Buffers, not strings: the client's own reading stays off the V8 heap.
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
          if (!head) head = Buffer.from(chunk.subarray(0, chunk.indexOf(10)));
          tail = Buffer.from(Buffer.concat([tail, chunk]).subarray(-20_000));
        });
        res.on('end', () => {
          const last = tail.toString('utf8').trimEnd().split('\n').pop() ?? '';
          resolve({ status: res.statusCode ?? 0, lines, bytes, first: head?.toString('utf8') ?? '', last });
        });
        res.on('error', reject);
      }).on('error', reject);
    },
  );
}

describe('Bulk releases stream (JSON Lines)', () => {
  describe(`${BULK} releases on PostgreSQL`, () => {
    let t: TestApp;
    let sql: Sql;
    let port: number;
    let ocid: string;

    beforeAll(async () => {
      t = await startTestApp({ label: 'jsonl', redis: false });
      sql = sqlOf(t.dataSource);
      ocid = await opportunityOcid(sql, 'public');
      await seedReleases(sql, ocid, BULK);
      // Releases of an invitation-mode opportunity not yet awarded: written, never streamed.
      await seedReleases(sql, await opportunityOcid(sql, 'invitation'), 50);
      await t.app.listen(0, '127.0.0.1');
      port = (t.app.getHttpServer().address() as AddressInfo).port;
    }, 120_000);

    afterAll(async () => {
      await t?.close();
    });

    it('streams every published release once, in order, measuring peak RSS growth', async () => {
      const baseline = process.memoryUsage().rss;
      let peak = baseline;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
      const started = Date.now();
      const result = await consume(port, '/api/v1/exports/releases.jsonl');
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
      const growthMb = (peak - baseline) / 1024 / 1024;
      const seconds = (Date.now() - started) / 1000;
      console.log(
        `releases.jsonl: ${result.lines} lines, ${(result.bytes / 1e6).toFixed(0)} MB in ${seconds.toFixed(1)} s, peak RSS growth ${growthMb.toFixed(1)} MB`,
      );
      expect(result.status).toBe(200);
      expect(result.lines).toBe(BULK);
      expect(result.bytes).toBeGreaterThan(BULK * 1000); // the test streams ~300 MB: a buffered answer would show
      expect(JSON.parse(result.first)).toMatchObject({ ocid, id: `${ocid}-1`, tender: { title: TRICKY_TITLE } });
      expect(JSON.parse(result.last)).toMatchObject({ ocid, id: `${ocid}-${BULK}` });
      // Client and server share this process: the growth bounds both. It was ~440 MB while the
      // stream read rows (a JavaScript string per release, promoted garbage); COPY bytes keep
      // it near 65 MB (docs/open-data.md, "Flat memory").
      expect(growthMb).toBeLessThan(100);
    }, 300_000);

    it('answers 304 to the ETag it gave, until a new release is written', async () => {
      const first = await t.http().get('/api/v1/exports/releases.jsonl').query({ from: '2999-01-01' }).expect(200);
      expect(first.headers['cache-control']).toBe('public, max-age=60, must-revalidate');
      const etag = first.headers.etag;
      await t
        .http()
        .get('/api/v1/exports/releases.jsonl')
        .query({ from: '2999-01-01' })
        .set('If-None-Match', etag)
        .expect(304);
      await seedReleases(sql, ocid, 1, BULK + 1);
      const after = await t
        .http()
        .get('/api/v1/exports/releases.jsonl')
        .query({ from: '2999-01-01' })
        .set('If-None-Match', etag)
        .expect(200);
      expect(after.headers.etag).not.toBe(etag);
    });
  });

  describe('on the embedded PGlite (one connection)', () => {
    let t: TestApp;
    let port: number;

    beforeAll(async () => {
      t = await startTestApp({ embedded: true });
      const sql = sqlOf(t.dataSource);
      await seedReleases(sql, await opportunityOcid(sql, 'public'), 20_000);
      await t.app.listen(0, '127.0.0.1');
      port = (t.app.getHttpServer().address() as AddressInfo).port;
    }, 120_000);

    afterAll(async () => {
      await t?.close();
    });

    it('a paused export does not hold the connection: a query runs in the middle of it', async () => {
      let response: IncomingMessage | undefined;
      const done = consume(port, '/api/v1/exports/releases.jsonl', (res) => {
        response = res;
        res.pause(); // a slow client: the server waits on backpressure, between two pages
      });
      while (!response) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 300));
      const started = Date.now();
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM public_body`);
      expect(n).toBeGreaterThan(0);
      expect(Date.now() - started).toBeLessThan(2_000);
      response.resume();
      expect((await done).lines).toBe(20_000);
    }, 120_000);
  });
});
