/**
 * The figures every bench reports, for the summary table, bench/results/latest.json and the
 * chart. A figure with `correctness: true` failing makes `npm run bench` exit non-zero; the
 * other goals are reported (met or not) without failing the run, the machine being shared.
 */
export interface Figure {
  bench: string;
  name: string;
  value: number;
  unit: string;
  /** e.g. '≥ 0.7', '< 300', '= 0'. */
  goal?: string;
  /** Whether the goal is met (undefined without a goal). */
  met?: boolean;
  /** A correctness figure: failing it fails the run. */
  correctness?: boolean;
}

export interface BenchResult {
  ok: boolean;
  figures: Figure[];
  /** Extra raw numbers for the JSON (series of the chart…). */
  raw?: Record<string, unknown>;
}

export function goal(
  bench: string,
  name: string,
  value: number,
  unit: string,
  op: '≥' | '≤' | '<' | '=',
  target: number,
  correctness = false,
): Figure {
  const met =
    op === '≥' ? value >= target : op === '≤' ? value <= target : op === '<' ? value < target : value === target;
  return { bench, name, value, unit, goal: `${op} ${target}`, met, correctness };
}

export const info = (bench: string, name: string, value: number, unit: string): Figure => ({
  bench,
  name,
  value,
  unit,
});
