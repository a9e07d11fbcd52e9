import { createHash } from 'node:crypto';
import { canonicalJson } from '../common/util/canonical-json';
import type { ForgeMode } from '../config/app-config';
import type { GitlabProject } from './gitlab/gitlab.types';

/** The steps of a publication, in order; each is recorded as done before the next starts. */
export const PUBLICATION_STEPS = ['namespace', 'project', 'commit', 'push', 'protect', 'release', 'topics'] as const;
export type PublicationStep = (typeof PUBLICATION_STEPS)[number];

/** The steps a mode runs: pre-provisioned projects exist, so there is no namespace to resolve. */
export function stepsOf(mode: ForgeMode): PublicationStep[] {
  return mode === 'delegated' ? [...PUBLICATION_STEPS] : PUBLICATION_STEPS.filter((s) => s !== 'namespace');
}

/** The mode for a public body's group: FORGE_MODE_BY_GROUP (`grp=mode;…`) first, else FORGE_MODE. */
export function modeFor(groupPath: string, instanceMode: ForgeMode, byGroup: string | undefined): ForgeMode {
  for (const pair of (byGroup ?? '').split(';').filter(Boolean)) {
    const [group, mode] = pair.split('=');
    if (normalizePath(group) === normalizePath(groupPath)) return mode as ForgeMode;
  }
  return instanceMode;
}

export const normalizePath = (path: string) =>
  path
    .trim()
    .replace(/^\/+|\/+$/g, '')
    .toLowerCase();

/** A forge project path lies under the group path: `grp/sub/proj` under `grp` or `grp/sub`, never the group itself. */
export function liesUnderGroup(projectPath: string, groupPath: string): boolean {
  const p = normalizePath(projectPath);
  const g = normalizePath(groupPath);
  return g !== '' && p.startsWith(`${g}/`) && p.length > g.length + 1 && !p.slice(g.length + 1).startsWith('/');
}

/** `grp/sub/proj` → namespace `grp/sub`, path `proj`. */
export function splitProjectPath(fullPath: string): { namespace: string; path: string } {
  const clean = fullPath.trim().replace(/^\/+|\/+$/g, '');
  const cut = clean.lastIndexOf('/');
  return { namespace: clean.slice(0, cut), path: clean.slice(cut + 1) };
}

export interface PublicationFacts {
  contractId: string;
  contractReference: string;
  opportunityReference: string;
  title: string;
  license: string | null;
  supplierName: string;
  archiveSha256: string;
  /** SHA-256 of the canonical manifest (manifestHash). */
  manifestSha256: string;
  acceptedAt: Date;
}

/** The topic that says a project is this contract's (with the description's marker). */
export const markerTopic = (contractReference: string) => `echanges-${contractReference.toLowerCase()}`;

export function topicsOf(f: PublicationFacts): string[] {
  const topics = ['echanges', 'marche-public-quebec', markerTopic(f.contractReference)];
  if (f.license) topics.push(f.license.toLowerCase());
  return topics;
}

export function projectDescription(f: PublicationFacts): string {
  return `Code livré dans le cadre du contrat ${f.contractReference} (appel d’offres ${f.opportunityReference}, Échanges). Fournisseur : ${f.supplierName}. [echanges:${f.contractId}]`;
}

/** Ours when its description carries our marker or its topics our topic: a project of the same path made by someone else is not. */
export function isOurProject(p: Pick<GitlabProject, 'description' | 'topics'>, f: PublicationFacts): boolean {
  return (
    (p.description ?? '').includes(`[echanges:${f.contractId}]`) ||
    (p.topics ?? []).includes(markerTopic(f.contractReference))
  );
}

export const tagName = (f: PublicationFacts) => `livraison-${f.contractReference}`;

export function commitMessage(f: PublicationFacts): string {
  return [
    `Livraison acceptée — contrat ${f.contractReference}`,
    '',
    `Appel d’offres ${f.opportunityReference} : ${f.title}`,
    `SHA-256 de l’archive : ${f.archiveSha256}`,
    `SHA-256 du manifeste : ${f.manifestSha256}`,
    '',
    `Livré-par: ${f.supplierName}`,
    `Contrat: ${f.contractReference}`,
    '',
  ].join('\n');
}

export function releaseNotes(f: PublicationFacts, sha: string): string {
  return [
    `Livraison acceptée du contrat ${f.contractReference} (appel d’offres ${f.opportunityReference}, « ${f.title} »).`,
    `Accepted delivery of contract ${f.contractReference}.`,
    '',
    `- Contrat / contract : ${f.contractReference}`,
    `- Fournisseur / supplier : ${f.supplierName}`,
    `- Licence / license : ${f.license ?? '—'}`,
    `- SHA-256 de l’archive / archive SHA-256 : ${f.archiveSha256}`,
    `- SHA-256 du manifeste / manifest SHA-256 : ${f.manifestSha256}`,
    `- Commit : ${sha}`,
  ].join('\n');
}

/** SHA-256 of the manifest as canonical JSON, entries sorted by path (docs/forge.md). */
export function manifestSha256(manifest: readonly { path: string }[]): string {
  const sorted = [...manifest].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return createHash('sha256').update(canonicalJson(sorted)).digest('hex');
}
