import { execFileSync } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTRACT_CSV_COLUMNS, csvField, dollars } from '../../src/exports/contracts-csv';
import { parseExportArgs, runExport } from '../../src/exports/export.cli';
import { seedOpportunity, seedPublicBody, seedUser, sqlOf, Sql } from '../support/opportunity-seed';
import { seedProposal } from '../support/proposal-seed';
import { expectEnvelope, seedVendor, unique } from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';

/** A minimal RFC 4180 reader (quoted fields with commas, doubled quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && c === '"') {
      quoted = false;
    } else if (quoted) {
      field += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      endField();
    } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      // CRLF (RFC 4180), or LF as LibreOffice writes its own CSV.
      endField();
      rows.push(row);
      row = [];
      if (c === '\r') i++;
    } else {
      field += c;
    }
  }
  if (field || row.length) {
    endField();
    rows.push(row);
  }
  return rows;
}

/**
 * `GET /exports/contracts.csv?fiscalYear=` (docs/open-data.md): one row per contract awarded
 * in the fiscal year (April 1 – March 31, Montréal time), RFC 4180 quoting, amounts that add
 * up, public with an ETag, and the same file from `npm run export -- contracts`.
 */
describe('Contracts of a fiscal year as CSV', () => {
  let t: TestApp;
  let sql: Sql;
  const names = {
    comma: `Logiciels Boréal, Lévis et associés inc. ${unique('c')}`,
    quote: `L'atelier "Code libre" ${unique('q')}`,
    newline: `Première ligne\nDeuxième ligne ${unique('n')}`,
  };
  const ids: Record<string, string> = {};

  /** A contract awarded at a Montréal wall-clock time, to a supplier of the given name. */
  let buyerId: string;

  async function contractAt(montreal: string, supplierName: string, initialCents: number): Promise<string> {
    const body = await seedPublicBody(sql, { acronym: unique('AF').slice(0, 25) });
    const user = await seedUser(sql, { email: `${unique('a')}@gouv.qc.ca`, role: 'buyer', publicBodyId: body.id });
    const o = await seedOpportunity(sql, {
      publicBodyId: body.id,
      createdById: user.id,
      title: 'CSV',
      status: 'AWARDED',
    });
    buyerId = user.id;
    const vendor = await seedVendor(t);
    await sql(`UPDATE vendor_organization SET legal_name = $2 WHERE id = $1`, [vendor.vendorId, supplierName]);
    const p = await seedProposal(sql, {
      opportunityId: o.id,
      vendorId: vendor.vendorId,
      authorId: vendor.userId,
      status: 'AWARDED',
      priceCents: initialCents,
    });
    const [c] = await sql(
      `INSERT INTO contract (reference, opportunity_id, proposal_id, supplier_id, initial_amount_cents, delivery_due_date, awarded_by_id, awarded_at)
       VALUES ($1, $2, $3, $4, $5, '2027-06-30', $6, ($7::timestamp AT TIME ZONE 'America/Montreal')) RETURNING id`,
      [`C-T-${unique('x')}`.slice(0, 20), o.id, p.id, vendor.vendorId, initialCents, user.id, montreal],
    );
    return c.id as string;
  }

  const csv = async (fiscalYear: number | string) => {
    const res = await t
      .http()
      .get('/api/v1/exports/contracts.csv')
      .query({ fiscalYear })
      .buffer(true)
      .parse((r, cb) => {
        let data = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => (data += c));
        r.on('end', () => cb(null, data));
      });
    return res;
  };

  beforeAll(async () => {
    t = await startTestApp({ label: 'csv', redis: false });
    sql = sqlOf(t.dataSource);
    ids.lastMinute = await contractAt('2026-03-31 23:59:00', names.comma, 4_500_000);
    ids.firstMinute = await contractAt('2026-04-01 00:00:00', names.quote, 6_543_219);
    ids.lastDay = await contractAt('2027-03-31 23:59:59', names.newline, 1_000_001);
    ids.nextYear = await contractAt('2027-04-01 00:00:00', 'Suivante inc.', 2_000_000);
    // Amendments, payments and the forge URL as the contracts module stores them (its reader reads them).
    await sql(
      `INSERT INTO contract_amendment (contract_id, number, amount_cents, justification, created_by_id)
       VALUES ($1, 1, 300000, 'Ajout', $2), ($1, 2, -50001, 'Retrait', $2)`,
      [ids.firstMinute, buyerId],
    );
    await sql(
      `INSERT INTO contract_payment (contract_id, invoice_number, amount_cents, recorded_by_id)
       VALUES ($1, 'F-1', 6000000, $2), ($1, 'F-2', 793218, $2), ($3, 'F-1', 1000001, $2)`,
      [ids.firstMinute, buyerId, ids.lastDay],
    );
    await sql(`UPDATE contract SET project_url = 'https://forge.example/gouv/projet' WHERE id = $1`, [ids.firstMinute]);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('fiscal year 2026 runs from April 1 2026 00:00 to March 31 2027 23:59:59, Montréal time', async () => {
    const res = await csv(2026);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    const [header, ...rows] = parseCsv(res.body as string);
    expect(header).toEqual([...CONTRACT_CSV_COLUMNS]);
    const suppliers = rows.map((r) => r[5]).sort();
    expect(suppliers).toEqual([names.quote, names.newline].sort());
    const previous = parseCsv((await csv(2025)).body as string).slice(1);
    expect(previous.map((r) => r[5])).toEqual([names.comma]);
    expect(previous[0][8]).toBe('2026-03-31');
    const next = parseCsv((await csv(2027)).body as string).slice(1);
    expect(next.map((r) => r[5])).toEqual(['Suivante inc.']);
  });

  it('quotes commas, quotes and line breaks (RFC 4180); every row has every column', async () => {
    const text = (await csv(2026)).body as string;
    expect(text).toContain(`"${names.quote.replace(/"/g, '""')}"`);
    expect(text).toContain(`"${names.newline}"`);
    expect(text.endsWith('\r\n')).toBe(true);
    for (const row of parseCsv(text)) expect(row).toHaveLength(CONTRACT_CSV_COLUMNS.length);
    expect(parseCsv((await csv(2025)).body as string)[1][5]).toBe(names.comma);
    expect(csvField(' espace')).toBe('" espace"');
    expect(csvField('simple')).toBe('simple');
  });

  it('amounts add up: total = initial + amendments, paid = the payments', async () => {
    const rows = parseCsv((await csv(2026)).body as string).slice(1);
    const amended = rows.find((r) => r[5] === names.quote)!;
    const col = (name: (typeof CONTRACT_CSV_COLUMNS)[number]) => amended[CONTRACT_CSV_COLUMNS.indexOf(name)];
    expect(col('Montant initial')).toBe('65432.19');
    expect(col('Modifications')).toBe('2499.99');
    expect(col('Montant total')).toBe('67932.18');
    expect(col('Montant payé')).toBe('67932.18');
    expect(col('Projet sur la forge')).toBe('https://forge.example/gouv/projet');
    expect(col('Mode de sollicitation')).toBe('Appel d’offres public');
    const plain = rows.find((r) => r[5] === names.newline)!;
    expect(plain.slice(9, 13)).toEqual(['10000.01', '0.00', '10000.01', '10000.01']);
    expect(dollars(-5)).toBe('-0.05');
    // The columns add up over the whole file, against the contracts' own rows.
    const [totals] = await sql(
      `SELECT sum(c.initial_amount_cents + coalesce((SELECT sum(a.amount_cents) FROM contract_amendment a WHERE a.contract_id = c.id), 0))::bigint AS total,
              sum(coalesce((SELECT sum(p.amount_cents) FROM contract_payment p WHERE p.contract_id = c.id), 0))::bigint AS paid
         FROM contract c WHERE c.id = ANY($1::uuid[])`,
      [[ids.firstMinute, ids.lastDay]],
    );
    const cents = (column: (typeof CONTRACT_CSV_COLUMNS)[number]) =>
      rows.reduce((s, r) => s + Math.round(Number(r[CONTRACT_CSV_COLUMNS.indexOf(column)]) * 100), 0);
    expect(cents('Montant total')).toBe(Number(totals.total));
    expect(cents('Montant payé')).toBe(Number(totals.paid));
  });

  it('opens in LibreOffice Calc (converted headless) with every row and the right column count', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'calc-'));
    try {
      const input = join(dir, 'contrats-2026.csv');
      writeFileSync(input, (await csv(2026)).body as string);
      // Filter options: separator 44 (comma), text delimiter 34 ("), character set 76 (UTF-8), from line 1.
      execFileSync(
        'soffice',
        [
          '--headless',
          '--norestore',
          `-env:UserInstallation=file://${join(dir, 'profile')}`,
          '--infilter=CSV:44,34,76,1',
          '--convert-to',
          'csv:Text - txt - csv (StarCalc):44,34,76,1',
          '--outdir',
          join(dir, 'out'),
          input,
        ],
        { stdio: 'pipe', timeout: 120_000 },
      );
      // What Calc read, written back by Calc as CSV: its cells, row by row.
      const sheet = parseCsv(readFileSync(join(dir, 'out', 'contrats-2026.csv'), 'utf8'));
      const rows = sheet.filter((r) => r.some((f) => f !== ''));
      expect(rows).toHaveLength(3); // the header and the two contracts of 2026-27
      for (const row of rows) expect(row).toHaveLength(CONTRACT_CSV_COLUMNS.length);
      expect(rows[0]).toEqual([...CONTRACT_CSV_COLUMNS]);
      expect(
        rows
          .map((r) => r[5])
          .slice(1)
          .sort(),
      ).toEqual([names.quote, names.newline].sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('is public and revalidates with its ETag; a bad fiscal year is VALIDATION_FAILED', async () => {
    const first = await csv(2026);
    expect(first.headers['cache-control']).toMatch(/^public/);
    await t
      .http()
      .get('/api/v1/exports/contracts.csv')
      .query({ fiscalYear: 2026 })
      .set('If-None-Match', first.headers.etag)
      .expect(304);
    expectEnvelope(
      await t.http().get('/api/v1/exports/contracts.csv').query({ fiscalYear: 'deux-mille' }).expect(400),
      'VALIDATION_FAILED',
    );
    expectEnvelope(await t.http().get('/api/v1/exports/contracts.csv').expect(400), 'VALIDATION_FAILED');
  });

  it('the export command writes the same rows to a file', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'export-')), 'contrats.csv');
    const request = parseExportArgs(['contracts', '--fiscal-year', '2027', '--out', out]);
    const written = await runExport({ DATABASE_URL: t.database!.url, PGLITE_DIR: 'memory://' }, request);
    expect(written).toBe(1);
    expect(readFileSync(out, 'utf8')).toBe((await csv(2027)).body);
    expect(() => parseExportArgs(['contracts', '--out', out])).toThrow(/Usage/);
    const releases = join(out, '..', 'releases.jsonl');
    await runExport(
      { DATABASE_URL: t.database!.url, PGLITE_DIR: 'memory://' },
      parseExportArgs(['releases', '--out', releases]),
    );
    expect(readFileSync(releases, 'utf8')).toBe('');
  });
});
