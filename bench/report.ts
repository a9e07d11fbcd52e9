/**
 * The summary of a `npm run bench`: one table of every figure, bench/results/latest.json
 * (the figures, the raw series and the machine), bench/results/latest.md (the table) and
 * bench/results/latest.svg, a chart drawn
 * here without a dependency: one bar per ratio with its goal marked, green when met.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, table } from './lib';
import { BenchResult, Figure } from './results';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  postgres: string;
  loadAverage: number[];
  date: string;
}

export function machine(postgres: string): Machine {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? '?',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    postgres,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    date: new Date().toISOString(),
  };
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));

export function summaryTable(figures: Figure[]): string {
  return table(
    ['banc', 'mesure', 'valeur', 'unité', 'objectif', 'atteint'],
    figures.map((f) => [
      f.bench,
      f.name,
      fmt(f.value),
      f.unit,
      f.goal ?? '',
      f.goal ? (f.met ? 'oui' : f.correctness ? 'NON (échec)' : 'non') : '',
    ]),
  );
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Horizontal bars of every figure whose goal is a ratio or a bound; the goal as a line. */
export function chart(figures: Figure[], m: Machine): string {
  const rows = figures.filter((f) => f.goal && !f.correctness);
  const width = 1160;
  const labelWidth = 500;
  const barWidth = width - labelWidth - 220;
  const rowHeight = 30;
  const top = 56;
  const height = top + rows.length * rowHeight + 40;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="13">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="22" font-size="16" font-weight="bold">Échanges — npm run bench (${escape(m.date.slice(0, 16).replace('T', ' '))} UTC)</text>`,
    `<text x="10" y="42" fill="#555">${escape(`${m.cpus} cœurs ${m.cpuModel}, ${m.memoryGb} Go, Node ${m.node}, ${m.postgres}, charge ${m.loadAverage.join(' / ')}`)}</text>`,
  ];
  rows.forEach((f, i) => {
    const y = top + i * rowHeight;
    const target = Number(f.goal!.split(' ')[1]);
    // Scale: the goal sits at 60 % of the bar area, values beyond are clipped with a mark.
    const scale = (0.6 * barWidth) / (target || 1);
    const w = Math.max(3, Math.min(barWidth, f.value * scale));
    const color = f.met ? '#2e7d32' : '#c62828';
    parts.push(
      `<text x="10" y="${y + 18}">${escape(`${f.bench} · ${f.name}`)}</text>`,
      `<rect x="${labelWidth}" y="${y + 5}" width="${w.toFixed(1)}" height="18" fill="${color}"/>`,
      `<line x1="${labelWidth + 0.6 * barWidth}" x2="${labelWidth + 0.6 * barWidth}" y1="${y + 1}" y2="${y + 27}" stroke="#000" stroke-dasharray="3,2"/>`,
      `<text x="${labelWidth + w + 6}" y="${y + 18}">${escape(`${fmt(f.value)} ${f.unit} (${f.goal})`)}</text>`,
    );
  });
  parts.push(
    `<text x="10" y="${height - 12}" fill="#555">Trait pointillé : l’objectif ; vert : atteint, rouge : non atteint. Chiffres bruts : latest.json.</text>`,
    '</svg>',
  );
  return parts.join('\n');
}

export function writeResults(results: Record<string, BenchResult>, m: Machine): string {
  const dir = path.join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const figures = Object.values(results).flatMap((r) => r.figures);
  writeFileSync(
    path.join(dir, 'latest.json'),
    `${JSON.stringify({ machine: m, figures, raw: Object.fromEntries(Object.entries(results).map(([k, r]) => [k, r.raw ?? {}])) }, null, 2)}\n`,
  );
  writeFileSync(path.join(dir, 'latest.svg'), `${chart(figures, m)}\n`);
  writeFileSync(
    path.join(dir, 'latest.md'),
    `# Latest \`npm run bench\`\n\n${m.date} — ${m.cpus} cores ${m.cpuModel}, ${m.memoryGb} GB, Node ${m.node}, ${m.postgres}, load average ${m.loadAverage.join(' / ')}\n\n![Chart](latest.svg)\n\n${summaryTable(figures)}\n`,
  );
  return dir;
}
