/**
 * `npm run bench` runs every bench, one after the other; `npm run bench -- search` or
 * `npm run bench -- deadline-surge` runs one. Each bench uses a fresh database and drops it
 * at the end, whatever happened (see bench/lib.ts).
 *
 * - search (bench/search.ts): the public search through the API vs. the same SQL through pg;
 * - deadline-surge (bench/deadline-surge.ts): SURGE_VENDORS vendors submitting across the
 *   proposal deadline; fails if any submission is accepted after it (rule P2).
 */
import { deadlineSurgeBench } from './deadline-surge';
import { installGuards } from './lib';
import { searchBench } from './search';

const BENCHES: Record<string, () => Promise<boolean | void>> = {
  search: searchBench,
  'deadline-surge': deadlineSurgeBench,
};

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((name) => !(name in BENCHES));
  if (unknown.length)
    throw new Error(`Banc d’essai inconnu : ${unknown.join(', ')} (au choix : ${Object.keys(BENCHES).join(', ')})`);
  const names = asked.length ? asked : Object.keys(BENCHES);
  const disarm = installGuards();
  try {
    for (const name of names) {
      if (names.length > 1) console.log(`\n═══ ${name} ═══\n`);
      if ((await BENCHES[name]()) === false) process.exitCode = 1;
    }
  } finally {
    disarm();
  }
}

main().catch((e: Error) => {
  console.error(e.stack ?? e.message);
  process.exitCode = 1;
});
