import type { TreeEntry } from 'isomorphic-git';
import * as fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { walkArchive } from '../../contracts/archive/archive-walker';
import { projectRoot } from '../../contracts/checks/run-checks';
import type { ArchiveFormat, ManifestEntry } from '../../contracts/entities/contract-deliverable.entity';
import { ForgeError } from '../gitlab/forge-errors';
import { executablePaths } from './archive-modes';
import { lazyModule } from '../../common/util/lazy-module';

// Loaded at the first publication, not at start.
const git = lazyModule<typeof import('isomorphic-git')>('isomorphic-git');

export const DEFAULT_BRANCH = 'main';

export interface CommitIdentity {
  name: string;
  email: string;
  /** The acceptance time: the same for every build of this contract's commit. */
  at: Date;
}

export interface DeliveredCommitInput {
  archiveFile: string;
  format: ArchiveFormat;
  /** The manifest recorded at upload: the extracted archive must still match it. */
  manifest: ManifestEntry[];
  message: string;
  identity: CommitIdentity;
  /** An empty directory: the local repository is built there. */
  workDir: string;
}

export interface DeliveredCommit {
  sha: string;
  /** The local repository holding the commit (for the push). */
  dir: string;
  /** Manifest path prefix left out of the tree (the archive's single top-level folder). */
  prefix: string;
  files: number;
}

interface TreeLeaf {
  mode: '100644' | '100755' | '120000';
  oid: string;
}

/**
 * One root commit of exactly the delivered tree (docs/forge.md, "Deterministic commit"): the
 * archive is extracted again with the upload's rules, checked against the recorded manifest,
 * and written as blobs and trees with isomorphic-git; author and committer are fixed (name,
 * e-mail, acceptance time, UTC), so every build yields the same SHA. When the archive wraps
 * everything in one folder, the tree is that folder's content, as the checks read it.
 */
export async function buildDeliveredCommit(input: DeliveredCommitInput): Promise<DeliveredCommit> {
  const extracted = join(input.workDir, 'extracted');
  const dir = join(input.workDir, 'repo');
  const summary = await walkArchive(input.archiveFile, input.format, extracted);
  assertSameManifest(summary.manifest, input.manifest);
  const executable = await executablePaths(input.archiveFile, input.format);
  const { prefix } = await projectRoot(extracted);
  await git().init({ fs, dir, defaultBranch: DEFAULT_BRANCH });

  const leaves = new Map<string, TreeLeaf>();
  const byPath = new Map(summary.manifest.map((e) => [e.path, e]));
  for (const entry of summary.manifest) {
    if (!entry.path.startsWith(prefix)) continue;
    const path = entry.path.slice(prefix.length);
    if (entry.type === 'symlink') {
      const oid = await git().writeBlob({ fs, dir, blob: Buffer.from(entry.target ?? '', 'utf8') });
      leaves.set(path, { mode: '120000', oid });
      continue;
    }
    // A hard link is the content of the entry it names.
    const source = entry.type === 'hardlink' ? byPath.get(posix.normalize(entry.target ?? '')) : entry;
    if (!source || source.type !== 'file') {
      throw ForgeError.permanent(
        `Le lien physique « ${entry.path} » ne désigne aucun fichier de l’archive. / Hard link "${entry.path}" names no file of the archive.`,
      );
    }
    const blob = await readFile(join(extracted, source.path));
    const oid = await git().writeBlob({ fs, dir, blob });
    leaves.set(path, { mode: executable.has(entry.path) ? '100755' : '100644', oid });
  }
  const tree = await writeTrees(dir, leaves);
  const author = {
    name: input.identity.name,
    email: input.identity.email,
    timestamp: Math.floor(input.identity.at.getTime() / 1000),
    timezoneOffset: 0,
  };
  const sha = await git().writeCommit({
    fs,
    dir,
    commit: { message: input.message, tree, parent: [], author, committer: author },
  });
  await git().writeRef({ fs, dir, ref: `refs/heads/${DEFAULT_BRANCH}`, value: sha, force: true });
  return { sha, dir, prefix, files: leaves.size };
}

/** Writes the nested trees bottom-up; returns the root tree's oid. */
async function writeTrees(dir: string, leaves: Map<string, TreeLeaf>): Promise<string> {
  interface Node {
    leaves: Map<string, TreeLeaf>;
    dirs: Map<string, Node>;
  }
  const root: Node = { leaves: new Map(), dirs: new Map() };
  for (const [path, leaf] of leaves) {
    const parts = path.split('/');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      let next = node.dirs.get(part);
      if (!next) node.dirs.set(part, (next = { leaves: new Map(), dirs: new Map() }));
      node = next;
    }
    node.leaves.set(parts[parts.length - 1], leaf);
  }
  const write = async (node: Node): Promise<string> => {
    const entries: TreeEntry[] = [];
    for (const [name, child] of node.dirs) {
      entries.push({ mode: '040000', path: name, oid: await write(child), type: 'tree' });
    }
    for (const [name, leaf] of node.leaves) entries.push({ mode: leaf.mode, path: name, oid: leaf.oid, type: 'blob' });
    return git().writeTree({ fs, dir, tree: entries });
  };
  return write(root);
}

function assertSameManifest(now: ManifestEntry[], recorded: ManifestEntry[]): void {
  const key = (e: ManifestEntry) => `${e.type}\t${e.path}\t${e.sha256 ?? ''}\t${e.target ?? ''}`;
  const a = now.map(key).sort();
  const b = recorded.map(key).sort();
  if (a.length !== b.length || a.some((k, i) => k !== b[i])) {
    throw ForgeError.permanent(
      'L’archive conservée ne correspond plus au manifeste enregistré au dépôt : publication arrêtée. / The stored archive no longer matches the recorded manifest: publication stopped.',
    );
  }
}
