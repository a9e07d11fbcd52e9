import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../support/free-port';
import { waitFor } from '../support/wait';

const ROOT = join(__dirname, '..', '..');
const ANSI = '\u001b[';

/**
 * Issue 14: `npm start` as an operator sees it, through a pipe (a log file): the real
 * server built with SWC, on a fresh embedded database (started from the pre-migrated
 * template the build makes), jobs in-process. No colour codes, no
 * route-mapping lines at the default level, and the banner (URLs, mode, the generated admin
 * password) is the last thing printed. `GET /api/v1` and `GET /` show the way in.
 */
describe('Start-up banner and the way in (real server, embedded database)', () => {
  let out: string;
  let server: ChildProcess;
  let port: number;
  let output = '';
  let dataDir: string;

  beforeAll(async () => {
    out = mkdtempSync(join(ROOT, 'dist', 'start-test-'));
    execFileSync(
      process.execPath,
      [
        join(ROOT, 'node_modules', '@swc', 'cli', 'bin', 'swc.js'),
        'src',
        'migrations',
        '-d',
        out,
        '--ignore',
        '**/*.spec.ts',
        '-q',
      ],
      { cwd: ROOT, stdio: 'pipe' },
    );
    // As `npm run build` does: the pre-migrated embedded database next to the build.
    execFileSync(process.execPath, [join(out, 'src', 'database', 'embedded-template.cli.js')], {
      cwd: ROOT,
      stdio: 'pipe',
    });
    dataDir = mkdtempSync(join(ROOT, 'dist', 'start-data-'));
    port = await freePort();
    server = spawn(process.execPath, [join(out, 'src', 'main.js')], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'development',
        PORT: String(port),
        PGLITE_DIR: dataDir,
        ADMIN_EMAIL: 'admin@demarrage.test',
      },
    });
    server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor('the start-up banner', () => /═+\n$/.test(output) || undefined, {
      timeoutMs: 90_000,
      intervalMs: 100,
    });
  }, 240_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(out, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints plain text to a pipe, without the route-mapping lines', () => {
    expect(output).not.toContain(ANSI);
    expect(output).not.toMatch(/Mapped \{/);
    expect(output).not.toMatch(/dependencies initialized/);
  });

  it('ends with the banner: URLs, the mode, and the generated admin password', async () => {
    const banner = output.slice(output.indexOf('Échanges est prêt'));
    expect(output.trimEnd().endsWith('═'.repeat(72))).toBe(true);
    expect(banner).toContain(`http://localhost:${port}/api/v1`);
    expect(banner).toContain(`http://localhost:${port}/api/docs`);
    expect(banner).toMatch(/embedded database \(PGlite/);
    expect(banner).toMatch(/jobs in-process/);
    const password = /admin@demarrage\.test — mot de passe généré \/ generated password: (\S+)/.exec(banner)?.[1];
    expect(password).toBeDefined();
    // The password appears once, in the banner, and it works.
    expect(output.split(password!).length - 1).toBe(1);
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@demarrage.test', password }),
    });
    expect(login.status).toBe(200);
  });

  it('starts the new embedded database from the pre-migrated template (copied while the modules load)', async () => {
    expect(output).toMatch(/created from the pre-migrated template \(\d+ migrations\)/);
    expect(output).not.toMatch(/migrations appliquées/);
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
    expect(ready.status).toBe(200);
  });

  it('GET /api/v1 answers the way in: documentation and web app', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      name: 'Échanges',
      api: '/api/v1',
      documentation: '/api/docs',
      openapi: '/api/docs/openapi.json',
      webApp: expect.stringMatching(/^http/),
    });
  });
});
