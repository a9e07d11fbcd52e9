import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContractPartsReader, ContractParts, NO_CONTRACT_PARTS } from '../../src/ocds/contract-parts';
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
    } else if (c === '\r' && text[i + 1] === '\n') {
      endField();
      rows.push(row);
      row = [];
      i++;
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
  const parts = new Map<string, ContractParts>();
  const names = {
    comma: `Logiciels Boréal, Lévis et associés inc. ${unique('c')}`,
    quote: `L'atelier "Code libre" ${unique('q')}`,
    newline: `Première ligne\nDeuxième ligne ${unique('n')}`,
  };
  const ids: Record<string, string> = {};

  /** A contract awarded at a Montréal wall-clock time, to a supplier of the given name. */
  async function contractAt(montreal: string, supplierName: string, initialCents: number): Promise<string> {
    const body = await seedPublicBody(sql, { acronym: unique('AF').slice(0, 25) });
    const user = await seedUser(sql, { email: `${unique('a')}@gouv.qc.ca`, role: 'buyer', publicBodyId: body.id });
    const o = await seedOpportunity(sql, {
      publicBodyId: body.id,
      createdById: user.id,
      title: 'CSV',
      status: 'AWARDED',
    });
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
    // Amendments and payments come from the contracts module's reader; here, given by the test.
    const reader = t.app.get(ContractPartsReader);
    jest.spyOn(reader, 'read').mockImplementation(async (_em, contractIds) => {
      return new Map(contractIds.map((id) => [id, parts.get(id) ?? NO_CONTRACT_PARTS]));
    });
    ids.lastMinute = await contractAt('2026-03-31 23:59:00', names.comma, 4_500_000);
    ids.firstMinute = await contractAt('2026-04-01 00:00:00', names.quote, 6_543_219);
    ids.lastDay = await contractAt('2027-03-31 23:59:59', names.newline, 1_000_001);
    ids.nextYear = await contractAt('2027-04-01 00:00:00', 'Suivante inc.', 2_000_000);
    parts.set(ids.firstMinute, {
      amendments: [
        { id: 'a1', date: new Date(), amountCents: 300_000, justification: 'Ajout' },
        { id: 'a2', date: new Date(), amountCents: -50_001, justification: 'Retrait' },
      ],
      payments: [{ id: 'p1', date: new Date(), amountCents: 6_793_218, invoiceNumber: 'F-1' }],
      forgeProjectUrl: 'https://forge.example/gouv/projet',
      terminationReason: null,
    });
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
    expect(plain.slice(9, 13)).toEqual(['10000.01', '0.00', '10000.01', '0.00']);
    expect(dollars(-5)).toBe('-0.05');
  });

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
