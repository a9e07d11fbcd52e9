import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../support/free-port';

const run = promisify(execFile);
const BIN = process.env.TEST_POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';
/** initdb and postgres refuse to run as root: they then run as this OS user. */
const OS_USER = process.env.TEST_POSTGRES_OS_USER ?? 'postgres';

/**
 * A PostgreSQL cluster of the test's own (initdb into a temporary directory, trust auth,
 * loopback only), which the test may stop and start while the app runs. The shared cluster
 * is never restarted: other suites use it.
 */
export class PrivatePostgres {
  private constructor(
    private readonly dir: string,
    readonly port: number,
  ) {}

  static async start(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'echanges-pg-'));
    const pg = new PrivatePostgres(dir, await freePort());
    try {
      if (userInfo().uid === 0) chownSync(dir, ...(await pg.ids()));
      await pg.exec('initdb', ['-D', pg.dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
      await pg.start();
      return pg;
    } catch (e) {
      rmSync(dir, { recursive: true, force: true });
      throw e;
    }
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private get dataDir(): string {
    return join(this.dir, 'data');
  }

  async start(): Promise<void> {
    await this.exec('pg_ctl', [
      '-D',
      this.dataDir,
      '-l',
      join(this.dir, 'log'),
      '-w',
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      'start',
    ]);
  }

  /** A fast shutdown: every session is cut, as in a restart of the server. */
  async stop(): Promise<void> {
    await this.exec('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', 'stop']);
  }

  /** Stops the server if it runs, and removes its files. */
  async destroy(): Promise<void> {
    await this.exec('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async ids(): Promise<[number, number]> {
    const { stdout: uid } = await run('id', ['-u', OS_USER]);
    const { stdout: gid } = await run('id', ['-g', OS_USER]);
    return [Number(uid), Number(gid)];
  }

  private async exec(tool: string, args: string[]): Promise<void> {
    const bin = join(BIN, tool);
    if (userInfo().uid === 0) await run('runuser', ['-u', OS_USER, '--', bin, ...args], { timeout: 60_000 });
    else await run(bin, args, { timeout: 60_000 });
  }
}
