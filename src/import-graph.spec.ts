import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

/**
 * No import cycle between feature folders (issue 9). A feature folder is a folder of src/
 * (`opportunities`, `proposals`, …); the evaluation and opportunity folders count each of their
 * subfolders as its own feature (`evaluations/award`, `opportunities/closing`, …). The shared
 * kernel (`common`, `config`, `database`: the access module, the command runner, the entity
 * registry) is imported by every feature and is left out of the graph.
 */
const SRC = __dirname;
const SHARED = new Set(['common', 'config', 'database']);
const SPLIT = new Set(['evaluations', 'opportunities']);
/** Subfolders that are part of their parent feature (its DTOs, its entities). */
const PARENT_PARTS = new Set(['dto', 'entities']);

/**
 * Cycles that exist today outside the evaluation work, each to be broken by its owner; the
 * spec fails when a new one appears and when one of these is gone (so it leaves this list).
 */
const KNOWN_CYCLES: string[][] = [['auth', 'organizations', 'users']];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

function featureOf(path: string): string | null {
  const parts = relative(SRC, path).split('/');
  if (parts.length < 2 || SHARED.has(parts[0])) return null;
  if (SPLIT.has(parts[0]) && parts.length > 2 && !PARENT_PARTS.has(parts[1])) return `${parts[0]}/${parts[1]}`;
  return parts[0];
}

function importGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of files(SRC)) {
    const from = featureOf(file);
    if (!from) continue;
    for (const [, target] of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
      const to = featureOf(normalize(join(dirname(file), target)));
      if (!to || to === from) continue;
      if (!graph.has(from)) graph.set(from, new Set());
      graph.get(from)!.add(to);
    }
  }
  return graph;
}

/** Strongly connected components of more than one folder (Tarjan), each sorted. */
function cycles(graph: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found.map((c) => c).sort((a, b) => a[0].localeCompare(b[0]));
}

describe('import graph of src/', () => {
  const graph = importGraph();

  it('sees the feature folders and their imports', () => {
    expect(graph.get('evaluations/award')).toEqual(expect.any(Set));
    expect([...(graph.get('evaluations/award') ?? [])]).toContain('evaluations/ranking');
  });

  it('has no import cycle between feature folders but the known ones', () => {
    expect(cycles(graph)).toEqual(KNOWN_CYCLES);
  });

  it('detects a cycle when there is one', () => {
    const withCycle = new Map(graph);
    withCycle.set('evaluations/ranking', new Set([...(graph.get('evaluations/ranking') ?? []), 'evaluations/award']));
    expect(cycles(withCycle)).toContainEqual(['evaluations/award', 'evaluations/ranking']);
  });
});
