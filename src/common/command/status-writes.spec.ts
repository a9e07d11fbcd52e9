import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * One door per state change (issue 9): outside the transition functions, no code under src/
 * writes the status of an opportunity, a proposal or a contract. The transition functions
 * check the graph, write, audit and call the release seam; a write elsewhere would skip them.
 */
const ROOT = join(__dirname, '..', '..');
const DOORS = new Set([
  'opportunities/opportunity-transitions.ts',
  'proposals/proposal-transitions.ts',
  'contracts/contract-transitions.ts',
]);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Ways a status gets written: SQL UPDATE of an aggregate, an entity field assignment, a repository update. */
const WRITES: { name: string; pattern: RegExp }[] = [
  {
    name: 'SQL UPDATE … status',
    // Within the SET list only: a status compared in WHERE (or in a statement after it) is a read.
    pattern:
      /UPDATE\s+"?(opportunity|proposal|contract)"?(?:\s+(?:AS\s+)?(?!SET\b)\w+)?\s+SET\s(?:(?!\b(?:WHERE|FROM|RETURNING)\b)[^`;])*?\bstatus\s*=/gis,
  },
  { name: 'entity .status =', pattern: /^\s*[A-Za-z_$][\w$.]*\.status\s*=[^=][^;\n]*;\s*$/gm },
  { name: 'repository update({ status })', pattern: /\.update\([^)]*\{[^}]*\bstatus\s*:/gs },
];

export function statusWrites(file: string, text: string): string[] {
  return WRITES.flatMap(({ name, pattern }) =>
    [...text.matchAll(pattern)].map((m) => `${file}: ${name}: ${m[0].slice(0, 80)}`),
  );
}

describe('status writes', () => {
  it('happen only in the transition functions', () => {
    const found = sources(ROOT)
      .filter((path) => !DOORS.has(relative(ROOT, path).split('\\').join('/')))
      .flatMap((path) => statusWrites(relative(ROOT, path), readFileSync(path, 'utf8')));
    expect(found).toEqual([]);
  });

  it.each([
    ["await em.query(`UPDATE opportunity SET status = 'EVALUATION' WHERE id = $1`)"],
    ['await em.query(`UPDATE proposal\n  SET updated_at = now(), status = $2 WHERE id = $1`)'],
    ["o.status = 'CANCELLED';"],
    ["await repo.update({ id }, { status: 'UNDER_REVIEW' });"],
    ['await em.query(`UPDATE proposal SET rank = 1, status = $2 WHERE id = $1`)'],
    ['await em.query(`UPDATE proposal p SET status = r.status FROM unnest($1::uuid[]) r WHERE p.id = r.id`)'],
  ])('are recognised: %s', (code) => {
    expect(statusWrites('x.ts', code)).toHaveLength(1);
  });

  it.each([
    ["if (o.status === 'AWARDED') return;"],
    ["  WHERE p.status = 'QUALIFIED' AND p.rank = 1"],
    ["await em.query(`UPDATE job_outbox SET status = 'done'`)"],
    ['await em.query(`SELECT status FROM proposal WHERE id = $1`)'],
    ["await em.query(`UPDATE opportunity SET scores_locked_at = now() WHERE id = $1 AND status = 'EVALUATION'`)"],
    [
      "await em.query(`WITH l AS (UPDATE opportunity SET updated_at = now() WHERE id = $1) SELECT 1 FROM proposal p WHERE p.status = 'X'`)",
    ],
  ])('leave reads and other tables alone: %s', (code) => {
    expect(statusWrites('x.ts', code)).toEqual([]);
  });
});
