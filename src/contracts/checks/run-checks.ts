import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeliverableCheck, ManifestEntry } from '../entities/contract-deliverable.entity';
import { identifyLicense, knowsLicense, licenseTextMatches } from './license-text';
import { checkPubliccode } from './publiccode.rules';
import { envFileFindings, secretlintFindings } from './secrets';

/** The checks every deliverable goes through, in this order (domain.md §7). */
export const CHECK_NAMES = ['readme', 'license', 'publiccode', 'secrets'] as const;

export interface CheckContext {
  /** The contract's SPDX licence (the opportunity's), or null when none was set. */
  license: string | null;
  supplierName: string;
}

const README = /^readme(\.[\w.-]+)?$/i;
const LICENSE = /^(licen[cs]e|copying)([.-][\w.-]+)?$/i;
const PUBLICCODE = /^publiccode\.ya?ml$/;
/** Licences told apart when a text matches another than the contract's. */
const LIKELY = ['LiLiQ-P-1.1', 'LiLiQ-R-1.1', 'LiLiQ-Rplus-1.1', 'Apache-2.0', 'MIT', 'BSD-3-Clause', 'MPL-2.0'];
const MAX_TEXT_BYTES = 1024 * 1024;

/**
 * The project root of an extracted tree: the tree itself, or its only top-level directory when
 * the archive wraps everything in one (`projet-1.0/…`, as `git archive --prefix` does).
 */
export async function projectRoot(tree: string): Promise<{ root: string; prefix: string }> {
  const names = await readdir(tree);
  if (names.length === 1 && (await lstat(join(tree, names[0]))).isDirectory()) {
    return { root: join(tree, names[0]), prefix: `${names[0]}/` };
  }
  return { root: tree, prefix: '' };
}

async function rootFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort();
}

async function text(path: string): Promise<string> {
  return (await readFile(path)).subarray(0, MAX_TEXT_BYTES).toString('utf8');
}

/** Runs every check over an extracted tree; each result is `{name, passed, details}`. */
export async function runChecks(
  tree: string,
  manifest: readonly ManifestEntry[],
  ctx: CheckContext,
): Promise<DeliverableCheck[]> {
  const { root, prefix } = await projectRoot(tree);
  const files = await rootFiles(root);
  const relativeFiles = manifest
    .filter((e) => e.type === 'file' && e.path.startsWith(prefix))
    .map((e) => e.path.slice(prefix.length));

  const readme = files.find((f) => README.test(f));
  const checks: DeliverableCheck[] = [
    {
      name: 'readme',
      passed: !!readme,
      details: readme ? { message: 'README présent.', file: readme } : { message: 'Aucun fichier README à la racine.' },
    },
    await licenseCheck(root, files, ctx),
  ];

  const publiccode = files.find((f) => PUBLICCODE.test(f));
  checks.push(
    publiccode
      ? { name: 'publiccode', ...checkPubliccode(await text(join(root, publiccode)), ctx) }
      : { name: 'publiccode', passed: false, details: { message: 'Aucun fichier publiccode.yml à la racine.' } },
  );

  const findings = [...(await secretlintFindings(root)), ...(await envFileFindings(root, relativeFiles))];
  checks.push({
    name: 'secrets',
    passed: findings.length === 0,
    details: {
      message: findings.length === 0 ? 'Aucun secret détecté.' : 'Des secrets ont été détectés dans l’archive.',
      findings: findings.slice(0, 100),
      count: findings.length,
    },
  });
  return checks;
}

async function licenseCheck(root: string, files: string[], ctx: CheckContext): Promise<DeliverableCheck> {
  const file = files.find((f) => LICENSE.test(f));
  if (!file)
    return {
      name: 'license',
      passed: false,
      details: { message: 'Aucun fichier LICENSE, LICENCE ou COPYING à la racine.' },
    };
  if (ctx.license === null) {
    return {
      name: 'license',
      passed: true,
      details: { message: 'Licence présente (le contrat n’en impose aucune).', file },
    };
  }
  if (!knowsLicense(ctx.license)) {
    return {
      name: 'license',
      passed: false,
      details: { message: 'Texte officiel de la licence introuvable.', file, expected: ctx.license },
    };
  }
  const content = await text(join(root, file));
  if (licenseTextMatches(ctx.license, content)) {
    return {
      name: 'license',
      passed: true,
      details: { message: 'Le texte correspond à la licence du contrat.', file, license: ctx.license },
    };
  }
  const found = identifyLicense(
    content,
    LIKELY.filter((id) => id !== ctx.license),
  );
  return {
    name: 'license',
    passed: false,
    details: {
      message: found
        ? `Le fichier contient le texte de ${found} au lieu de ${ctx.license}.`
        : `Le texte ne correspond pas à la licence ${ctx.license}.`,
      file,
      expected: ctx.license,
      found,
    },
  };
}
