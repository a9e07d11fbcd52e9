import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { tarGz, TestEntry } from '../../contracts/support/archives';
import {
  api,
  AwardedContract,
  awardedContract,
  checkedDeliverable,
  ContractsWorld,
  contractsWorld,
  projectEntries,
} from '../../contracts/support/contract-scenario';
import { buyerOfNewPublicBody, Session } from '../../support/scenario';
import { waitFor } from '../../support/wait';
import { MiniForge, RigProject } from './mini-forge';

const run = promisify(execFile);

export { api };

export interface ForgeWorld extends ContractsWorld {
  rig: MiniForge;
}

/** The app with FORGE_URL on the loopback mini-forge (started first), the owning body's group on it. */
export async function forgeWorld(label: string, rig: MiniForge, env: Record<string, string> = {}): Promise<ForgeWorld> {
  const w = await contractsWorld(label, {
    env: { FORGE_URL: rig.url, FORGE_TOKEN: rig.token, FORGE_RETRY_BASE_MS: '200', ...env },
  });
  rig.addGroup(await groupOf(w, w.owning.publicBodyId));
  return { ...w, rig };
}

export async function groupOf(w: ContractsWorld, publicBodyId: string): Promise<string> {
  const [b] = await w.sql(`SELECT forge_group_path FROM public_body WHERE id = $1`, [publicBodyId]);
  return b.forge_group_path;
}

/** Another public body (its buyer), its group moved to `groupPath` on the forge. */
export async function otherBody(w: ForgeWorld, groupPath: string): Promise<ForgeWorld> {
  const owning = await buyerOfNewPublicBody(w.t, w.admin);
  await w.sql(`UPDATE public_body SET forge_group_path = $2 WHERE id = $1`, [owning.publicBodyId, groupPath]);
  w.rig.addGroup(groupPath);
  return { ...w, owning };
}

export const SCRIPT = '#!/bin/sh\necho "rendez-vous"\n';

/** The delivered tree: the contracts' well-formed project plus an executable script. */
export function deliveredEntries(supplierName: string): TestEntry[] {
  return [
    ...projectEntries(supplierName),
    { name: 'projet/bin/', type: 'directory' },
    { name: 'projet/bin/run.sh', content: SCRIPT, mode: 0o100755 },
  ];
}

export interface AcceptedContract extends AwardedContract {
  projectPath: string;
  deliverableId: string;
  archiveSha256: string;
  owning: Session;
}

/**
 * A contract awarded, delivered (a real .tar.gz), checked and accepted through the routes,
 * its opportunity's forge project under the body's group (or `projectPath`). Acceptance
 * queues the publication; `before` runs between the checks and the acceptance.
 */
export async function acceptedContract(
  w: ForgeWorld,
  options: { projectPath?: string; before?: (projectPath: string) => Promise<void> } = {},
): Promise<AcceptedContract> {
  const c = await awardedContract(w);
  const group = await groupOf(w, w.owning.publicBodyId);
  const projectPath = options.projectPath ?? `${group}/projet-${randomBytes(4).toString('hex')}`;
  await w.sql(`UPDATE opportunity SET forge_project_path = $2 WHERE id = $1`, [c.opportunityId, projectPath]);
  const archive = tarGz(deliveredEntries(c.supplierName));
  const res = await w.t
    .http()
    .post(api(`/contracts/${c.contractId}/deliverables`))
    .set(c.supplier.auth)
    .attach('archive', archive, 'livraison.tar.gz')
    .expect(201);
  const d = await checkedDeliverable(w, w.owning, c.contractId, res.body.id);
  expect(d.checks.every((x) => x.passed)).toBe(true);
  await options.before?.(projectPath);
  await w.t
    .http()
    .post(api(`/contracts/${c.contractId}/accept`))
    .set(w.owning.auth)
    .send({ deliverableId: res.body.id, criteria: [{ index: 0, met: true }] })
    .expect(200);
  return {
    ...c,
    projectPath,
    deliverableId: res.body.id,
    archiveSha256: createHash('sha256').update(archive).digest('hex'),
    owning: w.owning,
  };
}

export interface PublicationBody {
  status: 'PENDING' | 'RUNNING' | 'DONE' | 'FAILED';
  projectUrl: string | null;
  commitSha: string | null;
  releaseUrl: string | null;
  attempts: number;
  lastError: string | null;
}

/** Waits until the publication is DONE or FAILED (as GET /contracts/:id/publication shows it). */
export async function settledPublication(
  w: ForgeWorld,
  contractId: string,
  timeoutMs = 40_000,
): Promise<PublicationBody> {
  return waitFor(
    `the publication of ${contractId}`,
    async () => {
      const res = await w.t
        .http()
        .get(api(`/contracts/${contractId}/publication`))
        .set(w.admin.auth)
        .expect(200);
      return res.body.status === 'DONE' || res.body.status === 'FAILED' ? (res.body as PublicationBody) : null;
    },
    { timeoutMs, intervalMs: 150 },
  );
}

/** The tree of `sha` in the bare repository: path → { mode, sha256 of the blob }. */
export async function treeOf(
  rig: MiniForge,
  p: RigProject,
  sha: string,
): Promise<Map<string, { mode: string; sha256: string }>> {
  const listing = await rig.git(p, 'ls-tree', '-r', '-z', sha);
  const tree = new Map<string, { mode: string; sha256: string }>();
  for (const line of listing.split('\0').filter(Boolean)) {
    const [meta, path] = line.split('\t');
    const [mode, , oid] = meta.split(' ');
    const { stdout } = await run('git', ['--git-dir', rig.bareRepo(p), 'cat-file', 'blob', oid], {
      encoding: 'buffer',
    });
    tree.set(path, { mode, sha256: createHash('sha256').update(stdout).digest('hex') });
  }
  return tree;
}
