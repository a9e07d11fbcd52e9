/**
 * `npm run export -- releases [--from D] [--to D] --out FILE` and
 * `npm run export -- contracts --fiscal-year N --out FILE`: the open-data streams of the API
 * (docs/open-data.md) written to a file from the configured database, with a progress bar.
 */
import 'reflect-metadata';
import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/load-config';
import { DatabaseSettings, migrate, openDatabase } from '../database/data-source.factory';
import { ContractPartsSqlReader } from '../contracts/contract-parts';
import { contractCsv, countContracts } from './contracts-csv';
import { countReleases, releaseLines } from './release-stream';

export interface ExportRequest {
  kind: 'releases' | 'contracts';
  from?: string;
  to?: string;
  fiscalYear?: number;
  out: string;
}

const USAGE =
  'Usage : npm run export -- releases [--from AAAA-MM-JJ] [--to AAAA-MM-JJ] --out FICHIER\n' +
  '        npm run export -- contracts --fiscal-year AAAA --out FICHIER';

/** Parses the command line; throws the usage on a mistake. */
export function parseExportArgs(argv: readonly string[]): ExportRequest {
  const [kind, ...rest] = argv;
  const options: Record<string, string> = {};
  for (let i = 0; i < rest.length; i += 2) {
    const [name, value] = [rest[i], rest[i + 1]];
    if (!name?.startsWith('--') || value === undefined) throw new Error(USAGE);
    options[name.slice(2)] = value;
  }
  if (!options.out) throw new Error(USAGE);
  if (kind === 'releases') return { kind, from: options.from, to: options.to, out: options.out };
  if (kind === 'contracts' && /^\d{4}$/.test(options['fiscal-year'] ?? '')) {
    return { kind, fiscalYear: Number(options['fiscal-year']), out: options.out };
  }
  throw new Error(USAGE);
}

/** A progress bar on stderr (a TTY redraws one line; otherwise a line every 10 %). */
function progress(total: number, unit: string, countIn: (chunk: Buffer | string) => number) {
  let done = 0;
  let lastDecile = -1;
  const draw = () => {
    const ratio = total === 0 ? 1 : Math.min(1, done / total);
    const bar = '#'.repeat(Math.round(ratio * 30)).padEnd(30, '.');
    const line = `[${bar}] ${Math.floor(ratio * 100)} % ${done}/${total} ${unit}`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line}`);
    else if (Math.floor(ratio * 10) !== lastDecile) {
      lastDecile = Math.floor(ratio * 10);
      process.stderr.write(`${line}\n`);
    }
  };
  return new Transform({
    transform(chunk: Buffer | string, _enc, callback) {
      done += countIn(chunk);
      draw();
      callback(null, chunk);
    },
    flush(callback) {
      if (process.stderr.isTTY) process.stderr.write('\n');
      callback();
    },
  });
}

/** Line feeds in a chunk (Buffers from the release stream, strings from the CSV). */
function lines(chunk: Buffer | string): number {
  const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
  let n = 0;
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) n++;
  return n;
}

/** Writes one export to its file; returns the number of releases or contracts written. */
export async function runExport(database: DatabaseSettings, request: ExportRequest): Promise<number> {
  const db = await openDatabase(database);
  try {
    await migrate(db);
    const em = (db.dataSource as DataSource).manager;
    let written = 0;
    const counting = (n: number) => {
      written += n;
      return n;
    };
    if (request.kind === 'releases') {
      const total = await countReleases(em, request);
      await pipeline(
        Readable.from(releaseLines(em, request)),
        progress(total, 'publications', (c) => counting(lines(c))),
        createWriteStream(request.out),
      );
    } else {
      const fiscalYear = request.fiscalYear!;
      const total = await countContracts(em, fiscalYear);
      let header = true;
      await pipeline(
        Readable.from(contractCsv(em, fiscalYear, new ContractPartsSqlReader())),
        progress(total, 'contrats', (c) => {
          // Rows end with CRLF (for the progress bar only: a name holding a CRLF counts twice).
          const n = (c.toString().match(/\r\n/g) ?? []).length - (header ? 1 : 0);
          header = false;
          return counting(n);
        }),
        createWriteStream(request.out),
      );
    }
    return written;
  } finally {
    await db.close();
  }
}

async function main(): Promise<void> {
  const request = parseExportArgs(process.argv.slice(2));
  const written = await runExport(loadConfig(), request);
  console.log(`${written} ligne(s) écrite(s) dans ${request.out}`);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 2;
  });
}
