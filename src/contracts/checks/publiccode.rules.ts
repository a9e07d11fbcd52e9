import { lazyModule } from '../../common/util/lazy-module';

// Loaded at the first publiccode.yml check, not at start.
const yaml = lazyModule<typeof import('yaml')>('yaml');

/**
 * publiccode.yml (https://github.com/publiccodeyml/publiccode.yml, examples CC0 1.0): the keys
 * the standard makes mandatory, as dotted paths; `description` needs, for at least one
 * language, `shortDescription`, `longDescription` and `features`.
 */
export const PUBLICCODE_MANDATORY = [
  'publiccodeYmlVersion',
  'name',
  'url',
  'platforms',
  'developmentStatus',
  'softwareType',
  'description',
  'legal.license',
  'maintenance.type',
  'localisation.localisationReady',
  'localisation.availableLanguages',
] as const;

export const DESCRIPTION_MANDATORY = ['shortDescription', 'longDescription', 'features'] as const;

export interface PubliccodeExpectations {
  /** The contract's SPDX licence (null: any licence the file names is taken). */
  license: string | null;
  /** The supplier's legal name. */
  supplierName: string;
}

export interface PubliccodeReport {
  passed: boolean;
  details: Record<string, unknown>;
}

const isPresent = (v: unknown) =>
  v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '') && !(Array.isArray(v) && v.length === 0);

function at(doc: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), doc);
}

/** Names compare without case, accents or punctuation differences (« Logiciels Boréal inc. » = "logiciels boreal inc"). */
export const sameName = (a: string, b: string) => {
  const n = (s: string) =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  return n(a) === n(b);
};

/**
 * The publiccode.yml check (domain.md §7), pure: valid YAML, every mandatory key present,
 * `legal.license` equal to the contract's licence, `maintenance.type: contract` and the
 * supplier named among `maintenance.contractors`.
 */
export function checkPubliccode(text: string, expected: PubliccodeExpectations): PubliccodeReport {
  let doc: unknown;
  try {
    doc = yaml().parse(text, { maxAliasCount: 50 });
  } catch (e) {
    return {
      passed: false,
      details: { message: 'publiccode.yml n’est pas un YAML valide.', error: (e as Error).message },
    };
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    return { passed: false, details: { message: 'publiccode.yml doit être un objet YAML.' } };
  }
  const missingKeys: string[] = PUBLICCODE_MANDATORY.filter((k) => !isPresent(at(doc, k)));
  const description = at(doc, 'description');
  if (description && typeof description === 'object') {
    const languages = Object.values(description as Record<string, unknown>);
    const complete = languages.some((d) => DESCRIPTION_MANDATORY.every((k) => isPresent(at(d, k))));
    if (!complete) missingKeys.push(...DESCRIPTION_MANDATORY.map((k) => `description.<langue>.${k}`));
  }
  const problems: string[] = [];
  const license = at(doc, 'legal.license');
  if (isPresent(license) && expected.license !== null && license !== expected.license) {
    problems.push(`legal.license vaut « ${String(license)} » au lieu de « ${expected.license} ».`);
  }
  const type = at(doc, 'maintenance.type');
  if (isPresent(type) && type !== 'contract')
    problems.push(`maintenance.type vaut « ${String(type)} » au lieu de « contract ».`);
  const contractors = at(doc, 'maintenance.contractors');
  const names = Array.isArray(contractors) ? contractors.map((c) => String(at(c, 'name') ?? '')) : [];
  if (!names.some((n) => sameName(n, expected.supplierName))) {
    problems.push(`Le fournisseur « ${expected.supplierName} » ne figure pas dans maintenance.contractors.`);
  }
  const passed = missingKeys.length === 0 && problems.length === 0;
  return {
    passed,
    details: {
      message: passed ? 'publiccode.yml est valide.' : 'publiccode.yml n’est pas conforme.',
      missingKeys,
      problems,
      license: license ?? null,
      expectedLicense: expected.license,
    },
  };
}
