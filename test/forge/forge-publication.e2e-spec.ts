import { createHash } from 'node:crypto';
import { canonicalJson } from '../../src/common/util/canonical-json';
import { expectEnvelope } from '../support/scenario';
import {
  acceptedContract,
  api,
  ForgeWorld,
  forgeWorld,
  otherBody,
  SCRIPT,
  settledPublication,
  treeOf,
} from './support/forge-scenario';
import { MiniForge, startMiniForge } from './support/mini-forge';

/**
 * Forge publication end to end (domain.md §7, docs/forge.md) on real PostgreSQL and Redis,
 * the loopback mini-forge and real git pushes: accept → PUBLISHED with the delivered tree at
 * the recorded SHA, in both modes; throttling, lost answers, refused tokens, a project that
 * is not ours and a diverged remote.
 */
describe('Forge publication', () => {
  let rig: MiniForge;
  let w: ForgeWorld;

  beforeAll(async () => {
    rig = await startMiniForge();
    w = await forgeWorld('forge-publication', rig, { FORGE_MODE_BY_GROUP: 'gouv/preprovisionne=pre-provisioned' });
  });

  afterAll(async () => {
    await w?.close();
    await rig?.close();
  });

  const manifestOf = async (deliverableId: string) => {
    const [d] = await w.sql(`SELECT manifest FROM contract_deliverable WHERE id = $1`, [deliverableId]);
    return d.manifest as { path: string; type: string; sha256: string }[];
  };

  /** The bare repository holds exactly the delivered tree at `sha`, and the tag points at it. */
  async function expectPublishedTree(projectPath: string, deliverableId: string, sha: string, tag: string) {
    const p = rig.projectByPath(projectPath)!;
    expect((await rig.git(p, 'rev-parse', 'refs/heads/main')).trim()).toBe(sha);
    expect((await rig.git(p, 'rev-parse', `refs/tags/${tag}^{commit}`)).trim()).toBe(sha);
    expect((await rig.git(p, 'rev-list', '--count', '--all')).trim()).toBe('1');
    const manifest = await manifestOf(deliverableId);
    const tree = await treeOf(rig, p, sha);
    const expected = new Map(
      manifest.map((e) => [
        e.path.replace(/^projet\//, ''),
        { mode: e.path === 'projet/bin/run.sh' ? '100755' : '100644', sha256: e.sha256 },
      ]),
    );
    expect(Object.fromEntries(tree)).toEqual(Object.fromEntries(expected));
    expect(tree.get('bin/run.sh')?.sha256).toBe(createHash('sha256').update(SCRIPT).digest('hex'));
    return { p, manifest };
  }

  it('delegated: creates the project, pushes one deterministic commit, protects, releases, sets topics → PUBLISHED', async () => {
    const c = await acceptedContract(w);
    const pub = await settledPublication(w, c.contractId);
    expect(pub).toMatchObject({ status: 'DONE', attempts: 1, lastError: null });
    const p = rig.projectByPath(c.projectPath)!;
    expect(pub.projectUrl).toBe(p.web_url);
    expect(pub.commitSha).toMatch(/^[0-9a-f]{40}$/);
    const tag = `livraison-${c.reference}`;
    expect(pub.releaseUrl).toBe(`${p.web_url}/-/releases/${tag}`);
    const { manifest } = await expectPublishedTree(c.projectPath, c.deliverableId, pub.commitSha!, tag);

    const release = rig.releases.get(p.id)!.get(tag)!;
    const sortedManifest = [...manifest].sort((a, b) => (a.path < b.path ? -1 : 1));
    const manifestHash = createHash('sha256').update(canonicalJson(sortedManifest)).digest('hex');
    expect(release.description).toContain(c.archiveSha256);
    expect(release.description).toContain(manifestHash);
    expect(release.description).toContain(c.reference);
    expect(release.commit.id).toBe(pub.commitSha);
    expect(rig.protectedBranches.get(p.id)).toEqual(new Set(['main']));
    expect(p.topics).toEqual(
      expect.arrayContaining(['echanges', `echanges-${c.reference.toLowerCase()}`, 'liliq-p-1.1']),
    );
    expect(p.visibility).toBe('public');

    const view = await w.t
      .http()
      .get(api(`/contracts/${c.contractId}`))
      .set(c.supplier.auth)
      .expect(200);
    expect(view.body.status).toBe('PUBLISHED');
    expect(view.body.publication).toMatchObject({ status: 'DONE', projectUrl: p.web_url, commitSha: pub.commitSha });
    const steps = await w.sql(`SELECT step FROM forge_publication_step WHERE contract_id = $1 ORDER BY done_at, step`, [
      c.contractId,
    ]);
    expect(steps.map((s) => s.step).sort()).toEqual(
      ['commit', 'namespace', 'project', 'protect', 'push', 'release', 'topics'].sort(),
    );
    const mails = await w.sql(
      `SELECT recipient_email FROM notification WHERE template = 'forge-publication-done' AND entity_id = $1 ORDER BY 1`,
      [c.contractId],
    );
    expect(mails.map((m) => m.recipient_email)).toEqual(
      [w.admin.email, w.owning.email].map((e) => e.toLowerCase()).sort(),
    );
  });

  it('pre-provisioned: uses the existing project, only pushes, protects, tags and releases', async () => {
    const body = await otherBody(w, 'gouv/preprovisionne');
    const projectPath = `gouv/preprovisionne/outil-${Date.now()}`;
    const provided = await rig.addProject(projectPath, { description: 'Projet créé par la DGOLL.' });
    const before = rig.calls.length;
    const c = await acceptedContract(body, { projectPath });
    const pub = await settledPublication(w, c.contractId);
    expect(pub).toMatchObject({ status: 'DONE', projectUrl: provided.web_url });
    expect(rig.calls.slice(before).filter((x) => x.method === 'POST' && x.path === '/projects')).toEqual([]);
    expect(rig.calls.slice(before).filter((x) => x.path.startsWith('/groups'))).toEqual([]);
    await expectPublishedTree(projectPath, c.deliverableId, pub.commitSha!, `livraison-${c.reference}`);
    expect(rig.projectByPath(projectPath)!.description).toBe('Projet créé par la DGOLL.');
  });

  it('429 with Retry-After: 2 waits at least 2 s before calling again', async () => {
    rig.inject({
      method: 'POST',
      path: '/projects',
      status: 429,
      headers: { 'Retry-After': '2', 'RateLimit-Remaining': '0' },
    });
    const before = rig.calls.length;
    const c = await acceptedContract(w);
    const pub = await settledPublication(w, c.contractId);
    expect(pub.status).toBe('DONE');
    const posts = rig.calls.slice(before).filter((x) => x.method === 'POST' && x.path === '/projects');
    expect(posts.map((x) => x.status)).toEqual([429, 201]);
    expect(posts[1].at - posts[0].at).toBeGreaterThanOrEqual(2000);
  });

  it('429 without headers backs off, then succeeds', async () => {
    rig.inject({ method: 'POST', path: '/projects', status: 429, times: 2 });
    const before = rig.calls.length;
    const c = await acceptedContract(w);
    expect((await settledPublication(w, c.contractId)).status).toBe('DONE');
    const posts = rig.calls.slice(before).filter((x) => x.method === 'POST' && x.path === '/projects');
    expect(posts.map((x) => x.status)).toEqual([429, 429, 201]);
    // Base 200 ms, equal jitter: ≥ 100 ms, then ≥ 200 ms.
    expect(posts[1].at - posts[0].at).toBeGreaterThanOrEqual(100);
    expect(posts[2].at - posts[1].at).toBeGreaterThanOrEqual(200);
  });

  it('502 on a POST that reached the server: reads before retrying, one project', async () => {
    rig.inject({ method: 'POST', path: '/projects', status: 502, afterProcessing: true });
    const before = rig.calls.length;
    const c = await acceptedContract(w);
    expect((await settledPublication(w, c.contractId)).status).toBe('DONE');
    const calls = rig.calls.slice(before).filter((x) => x.path === '/projects' || x.path.startsWith('/projects/gouv'));
    expect(calls.map((x) => `${x.method} ${x.status}`)).toEqual(['POST 502', 'GET 200']);
    expect([...rig.projects.values()].filter((p) => p.path_with_namespace === c.projectPath)).toHaveLength(1);
  });

  it('401: FAILED at once with its reason, no retry; the admin retry succeeds once the forge accepts the token', async () => {
    const good = rig.token;
    rig.token = 'glpat-another-token';
    const before = rig.calls.length;
    const c = await acceptedContract(w);
    const failed = await settledPublication(w, c.contractId);
    expect(failed).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(failed.lastError).toContain('401');
    expect(failed.lastError).toContain('FORGE_TOKEN');
    expect(rig.calls.slice(before).map((x) => x.status)).toEqual([401]);
    const mails = await w.sql(
      `SELECT recipient_email FROM notification WHERE template = 'forge-publication-failed' AND entity_id = $1 ORDER BY 1`,
      [c.contractId],
    );
    expect(mails.map((m) => m.recipient_email)).toEqual(
      [w.admin.email, w.owning.email].map((e) => e.toLowerCase()).sort(),
    );

    const retry = () => w.t.http().post(api(`/contracts/${c.contractId}/publication/retry`));
    expectEnvelope(await retry().set(c.owning.auth).expect(403), 'FORBIDDEN');
    await retry().expect(404);
    rig.token = good;
    const res = await retry().set(w.admin.auth).expect(202);
    expect(res.body).toEqual({ status: 'PENDING' });
    const done = await settledPublication(w, c.contractId);
    expect(done).toMatchObject({ status: 'DONE', attempts: 2 });
    expectEnvelope(await retry().set(w.admin.auth).expect(409), 'INVALID_TRANSITION');
  });

  it('a project of the same path that is not ours stops the publication with a clear reason', async () => {
    const c = await acceptedContract(w, {
      before: async (path) =>
        void (await rig.addProject(path, { description: 'Projet de l’équipe Géomatique.', topics: ['sig'] })),
    });
    const pub = await settledPublication(w, c.contractId);
    expect(pub.status).toBe('FAILED');
    expect(pub.lastError).toContain('n’est pas celui du contrat');
    expect(rig.projectByPath(c.projectPath)!.description).toBe('Projet de l’équipe Géomatique.');
    const p = rig.projectByPath(c.projectPath)!;
    expect((await rig.git(p, 'for-each-ref')).trim()).toBe('');
  });

  it('a diverged remote stops with a clear reason, never a force push', async () => {
    const body = await otherBody(w, 'gouv/preprovisionne');
    const projectPath = `gouv/preprovisionne/diverge-${Date.now()}`;
    const p = await rig.addProject(projectPath);
    const theirs = await rig.pushForeignCommit(p);
    const c = await acceptedContract(body, { projectPath });
    const pub = await settledPublication(w, c.contractId);
    expect(pub.status).toBe('FAILED');
    expect(pub.lastError).toContain('divergé');
    expect((await rig.git(p, 'rev-parse', 'refs/heads/main')).trim()).toBe(theirs);
    expect(rig.releases.get(p.id)?.size ?? 0).toBe(0);
  });
});
