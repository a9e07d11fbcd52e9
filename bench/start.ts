/**
 * Start-time benchmark (`npm run bench -- start`, issue #14): the time from launching to a
 * 200 on /health/ready on a fresh embedded database (PGlite in a new temporary directory,
 * jobs in-process, no Redis), install excluded:
 *
 * - `npm start` as a user types it (its `prestart` included: whatever it builds or skips);
 * - the bare server, `node dist/src/main.js`, on another fresh directory;
 * - for comparison, the bare server without the pre-migrated template (a copy of dist/src and
 *   dist/migrations that has no dist/pglite-template next to it: initdb and every migration at
 *   start, the path before the template and the fallback when it is stale);
 *
 * and the ratios. Goal: `npm start` under 5 s. The load average is printed with the figures:
 * on a shared 2-core machine it moves them more than any change.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../test/support/free-port';
import { guarded, log, ROOT } from './lib';
import { BenchResult, goal, info } from './results';

const READY_LIMIT_MS = 180_000;

function ready(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    http
      .get({ host: '127.0.0.1', port, path: '/health/ready' }, (res) => (res.resume(), resolve(res.statusCode === 200)))
      .on('error', () => resolve(false));
  });
}

/** Launches `command args`, polls /health/ready every 50 ms; resolves the seconds to ready, then stops it. */
async function timeToReady(
  command: string,
  args: string[],
  defer: (s: () => Promise<unknown>) => void,
): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'echanges-start-'));
  defer(async () => rmSync(dir, { recursive: true, force: true }));
  const port = await freePort();
  const output: string[] = [];
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: ROOT,
    // A new process group: npm's children (node) are stopped with it.
    detached: true,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      PORT: String(port),
      PGLITE_DIR: dir,
      JWT_SECRET: 'banc-d-essai-demarrage-'.padEnd(48, 'x'),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    process.kill(-child.pid!, 'SIGTERM');
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  defer(stop);
  const keep = (c: Buffer) => output.push(...c.toString().split('\n').filter(Boolean).slice(-20));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${command} ${args.join(' ')} s’est arrêté :\n${output.slice(-20).join('\n')}`);
    if (await ready(port)) break;
    if (performance.now() - started > READY_LIMIT_MS)
      throw new Error(`${command} ${args.join(' ')} pas prêt après ${READY_LIMIT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const seconds = (performance.now() - started) / 1000;
  await stop();
  return seconds;
}

export async function startBench(): Promise<BenchResult> {
  return guarded(async (defer) => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const viaNpm = await timeToReady(npm, ['start'], defer);
    log(`npm start → /health/ready : ${viaNpm.toFixed(2)} s`);
    const bare = await timeToReady(process.execPath, [path.join(ROOT, 'dist', 'src', 'main.js')], defer);
    log(`node dist/src/main.js → /health/ready : ${bare.toFixed(2)} s`);
    const templated = existsSync(path.join(ROOT, 'dist', 'pglite-template', 'manifest.json'));
    // The same build without the template beside it: the start initialises and migrates.
    const copy = mkdtempSync(path.join(ROOT, 'dist', 'bench-start-'));
    defer(async () => rmSync(copy, { recursive: true, force: true }));
    for (const part of ['src', 'migrations'])
      cpSync(path.join(ROOT, 'dist', part), path.join(copy, part), { recursive: true });
    const noTemplate = await timeToReady(process.execPath, [path.join(copy, 'src', 'main.js')], defer);
    log(`serveur seul sans modèle pré-migré → /health/ready : ${noTemplate.toFixed(2)} s`);
    const load = os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
    console.log('');
    console.log(
      `Démarrage sur une base intégrée neuve (PGlite) : npm start ${viaNpm.toFixed(2)} s, serveur seul ${bare.toFixed(2)} s, rapport ×${(viaNpm / bare).toFixed(2)}` +
        (templated ? '' : ' (aucun modèle pré-migré : npm run build:template)'),
    );
    console.log(
      `Sans le modèle pré-migré (initdb + toutes les migrations) : ${noTemplate.toFixed(2)} s, soit ×${(noTemplate / bare).toFixed(2)} le serveur seul ; charge ${load}`,
    );
    console.log('');
    const B = 'start';
    return {
      ok: true,
      figures: [
        goal(B, 'npm start → /health/ready (base intégrée neuve)', viaNpm, 's', '<', 5),
        info(B, 'serveur seul (node dist/src/main.js)', bare, 's'),
        info(B, 'npm start ÷ serveur seul', viaNpm / bare, '×'),
        info(B, 'serveur seul sans modèle pré-migré', noTemplate, 's'),
        info(B, 'sans modèle ÷ avec', noTemplate / bare, '×'),
      ],
      raw: {
        npmStartSeconds: viaNpm,
        bareSeconds: bare,
        noTemplateSeconds: noTemplate,
        templated,
        loadavg: os.loadavg(),
      },
    };
  });
}
