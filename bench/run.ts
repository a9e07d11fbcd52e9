/**
 * `npm run bench` runs every bench, one after the other, then prints one table of every
 * figure and writes bench/results/latest.json and bench/results/latest.svg (bench/report.ts);
 * `npm run bench -- search deadline-surge` runs some. Each bench uses a fresh database and
 * drops it at the end, whatever happened (see bench/lib.ts). The exit code is 1 when a
 * correctness figure fails (late acceptances, totals ≠ rows, …) or a bench breaks.
 *
 * - search (bench/search.ts): list and search at 1k, 10k, 100k realistic opportunities,
 *   through the API vs. the same SQL through pg;
 * - deadline-surge (bench/deadline-surge.ts): vendors submitting across the proposal
 *   deadline; where the time goes; fails if any submission is accepted after it (rule P2);
 * - award (bench/award.ts): lock, ranking and award of 200 proposals × 10 criteria, the
 *   scoring grid of a committee of 5; statements per request;
 * - start (bench/start.ts): `npm start` on a fresh embedded database to /health/ready;
 * - export (bench/export.ts): GET /exports/releases.jsonl vs. COPY … TO STDOUT.
 */
import { awardBench } from './award';
import { deadlineSurgeBench } from './deadline-surge';
import { exportBench } from './export';
import { installGuards, withClient, ADMIN_URL } from './lib';
import { machine, summaryTable, writeResults } from './report';
import { BenchResult } from './results';
import { searchBench } from './search';
import { startBench } from './start';

const BENCHES: Record<string, () => Promise<BenchResult>> = {
  search: searchBench,
  'deadline-surge': deadlineSurgeBench,
  award: awardBench,
  start: startBench,
  export: exportBench,
};

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((name) => !(name in BENCHES));
  if (unknown.length)
    throw new Error(`Banc d’essai inconnu : ${unknown.join(', ')} (au choix : ${Object.keys(BENCHES).join(', ')})`);
  const names = asked.length ? asked : Object.keys(BENCHES);
  const disarm = installGuards();
  const started = performance.now();
  const results: Record<string, BenchResult> = {};
  try {
    for (const name of names) {
      console.log(`\n═══ ${name} ═══\n`);
      try {
        results[name] = await BENCHES[name]();
      } catch (e) {
        console.error(`Banc ${name} interrompu : ${(e as Error).stack ?? (e as Error).message}`);
        results[name] = {
          ok: false,
          figures: [
            {
              bench: name,
              name: 'banc terminé',
              value: 0,
              unit: 'booléen',
              goal: '= 1',
              met: false,
              correctness: true,
            },
          ],
        };
      }
      if (!results[name].ok) process.exitCode = 1;
    }
  } finally {
    disarm();
  }
  const postgres = await withClient(
    ADMIN_URL,
    async (c) => (await c.query('SHOW server_version')).rows[0].server_version,
  );
  const m = machine(`PostgreSQL ${postgres}`);
  const figures = Object.values(results).flatMap((r) => r.figures);
  console.log(`\n═══ résumé (${((performance.now() - started) / 60000).toFixed(1)} min) ═══\n`);
  console.log(
    `Machine : ${m.cpus} cœurs ${m.cpuModel}, ${m.memoryGb} Go, Node ${m.node}, ${m.postgres}, charge ${m.loadAverage.join(' / ')}`,
  );
  console.log('');
  console.log(summaryTable(figures));
  const dir = writeResults(results, m);
  console.log(`\nÉcrit : ${dir}/latest.json, ${dir}/latest.svg`);
  if (process.exitCode) console.error('\nÉCHEC : au moins un chiffre de justesse a échoué (voir « NON (échec) »).');
}

main().catch((e: Error) => {
  console.error(e.stack ?? e.message);
  process.exitCode = 1;
});
