import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PUBLICATION_STEPS } from '../../src/forge/forge.rules';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../support/test-app';
import { acceptedContract, ForgeWorld, forgeWorld, settledPublication } from './support/forge-scenario';
import { MiniForge, startMiniForge } from './support/mini-forge';

const WORKER = join(__dirname, 'support', 'crash-worker.js');

/**
 * Crash tests (docs/forge.md, "Steps"): a real worker process, started as a child, is killed
 * (SIGKILL, no clean-up) at each step in turn, once the step's effect exists on the forge but
 * before it is recorded, and once it is recorded; each re-run resumes. At the end there is
 * exactly one project, one commit, one tag and one release, at the SHA of the first build.
 */
describe('Forge publication survives a worker killed at every step', () => {
  let rig: MiniForge;
  let w: ForgeWorld;

  beforeAll(async () => {
    rig = await startMiniForge();
    // The app under test does not publish (no FORGE_URL): the child workers do.
    w = await forgeWorld('forge-crash', rig, { FORGE_URL: '' });
  });

  afterAll(async () => {
    await w?.close();
    await rig?.close();
  });

  function worker(
    contractId: string,
    crashAt?: string,
  ): Promise<{ code: number | null; signal: string | null; out: string }> {
    const child = spawn(process.execPath, [WORKER], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'test',
        APP_ROLE: 'api',
        DATABASE_URL: w.t.config.DATABASE_URL,
        JWT_SECRET: w.t.config.JWT_SECRET,
        ADMIN_EMAIL,
        ADMIN_PASSWORD,
        STORAGE_DIR: w.storageDir,
        FORGE_URL: rig.url,
        FORGE_TOKEN: rig.token,
        FORGE_RETRY_BASE_MS: '200',
        LOG_LEVEL: 'error',
        CONTRACT_ID: contractId,
        ...(crashAt ? { CRASH_AT: crashAt } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out })));
  }

  const stepsOf = async (contractId: string) =>
    new Map(
      (await w.sql(`SELECT step, data FROM forge_publication_step WHERE contract_id = $1`, [contractId])).map((r) => [
        r.step as string,
        r.data as Record<string, unknown>,
      ]),
    );

  it.each(['done', 'recorded'] as const)(
    'killed after each step (%s) in turn, then one re-run: one project, commit, tag and release, same SHA',
    async (phase) => {
      const c = await acceptedContract(w);
      let firstSha: string | null = null;
      for (const step of PUBLICATION_STEPS) {
        const started = Date.now();
        const killed = await worker(c.contractId, `${step}:${phase}`);
        expect({ step, signal: killed.signal, out: killed.signal ? '' : killed.out }).toEqual({
          step,
          signal: 'SIGKILL',
          out: '',
        });
        expect(Date.now() - started).toBeLessThan(20_000);
        const steps = await stepsOf(c.contractId);
        // Killed before recording: the step is not recorded, its effect exists; the next run redoes it.
        expect(steps.has(step)).toBe(phase === 'recorded');
        if (steps.has('commit')) firstSha ??= String(steps.get('commit')!.sha);
      }
      const last = await worker(c.contractId);
      expect(last).toMatchObject({ code: 0, signal: null });
      expect(last.out).toContain('"outcome":"done"');
      const pub = await settledPublication(w, c.contractId);
      expect(pub.status).toBe('DONE');

      const projects = [...rig.projects.values()].filter((p) => p.path_with_namespace === c.projectPath);
      expect(projects).toHaveLength(1);
      const p = projects[0];
      const tag = `livraison-${c.reference}`;
      expect((await rig.git(p, 'rev-list', '--all')).trim().split('\n')).toEqual([pub.commitSha]);
      expect((await rig.git(p, 'tag', '--list')).trim().split('\n')).toEqual([tag]);
      expect([...rig.releases.get(p.id)!.keys()]).toEqual([tag]);
      expect(rig.releases.get(p.id)!.get(tag)!.commit.id).toBe(pub.commitSha);
      expect(firstSha ?? pub.commitSha).toBe(pub.commitSha);
      expect(String((await stepsOf(c.contractId)).get('commit')!.sha)).toBe(pub.commitSha);
      const [contract] = await w.sql(`SELECT status FROM contract WHERE id = $1`, [c.contractId]);
      expect(contract.status).toBe('PUBLISHED');
      const mails = await w.sql(
        `SELECT recipient_email FROM notification WHERE template = 'forge-publication-done' AND entity_id = $1 ORDER BY 1`,
        [c.contractId],
      );
      expect(mails.map((m) => m.recipient_email)).toEqual(
        [w.admin.email, w.owning.email].map((e) => e.toLowerCase()).sort(),
      );
    },
  );
});
