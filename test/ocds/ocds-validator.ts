import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * OCDS 1.1.5 validation from the copy in src/ocds/schema (JSON Schema draft 4 through ajv and
 * ajv-draft-04, every $ref resolved locally), and the codelist check: every value of a field
 * that names a codelist must be a code of that CSV.
 */
const DIR = join(__dirname, '../../src/ocds/schema');
const load = (name: string) => JSON.parse(readFileSync(join(DIR, name), 'utf8')) as Schema;
type Schema = Record<string, any>;

const releaseSchema = load('release-schema.json');
const RELEASE_ID = releaseSchema.id as string;
// The record package names the versioned-release schema for the optional `versionedRelease`,
// which Échanges does not publish; the folder does not hold it, so it is registered as closed
// to any value: a versionedRelease present would fail validation.
const VERSIONED_ID = RELEASE_ID.replace('release-schema.json', 'versioned-release-validation-schema.json');

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema(releaseSchema);
ajv.addSchema({ id: VERSIONED_ID, not: {} });
const validators = {
  release: ajv.getSchema(RELEASE_ID)!,
  releasePackage: ajv.compile(load('release-package-schema.json')),
  recordPackage: ajv.compile(load('record-package-schema.json')),
};

export type OcdsKind = keyof typeof validators;

export function schemaErrors(kind: OcdsKind, data: unknown): string[] {
  const validate = validators[kind];
  return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

const codelists = new Map<string, Set<string>>();
function codelist(file: string): Set<string> | null {
  if (!codelists.has(file)) {
    const path = join(DIR, 'codelists', file);
    if (!existsSync(path)) return null;
    const [, ...rows] = readFileSync(path, 'utf8').split(/\r?\n/);
    codelists.set(file, new Set(rows.filter(Boolean).map((r) => r.split(',')[0])));
  }
  return codelists.get(file)!;
}

function resolve(node: Schema): Schema {
  let n = node;
  while (n && typeof n.$ref === 'string') {
    const ref = n.$ref.startsWith(RELEASE_ID) ? n.$ref.slice(RELEASE_ID.length) || '#' : n.$ref;
    n =
      ref === '#'
        ? releaseSchema
        : ref
            .split('/')
            .slice(1)
            .reduce((s: Schema, k: string) => s[k], releaseSchema);
  }
  return n;
}

/** Walks a release along its schema; returns "path: value not in file" for every unknown code. */
export function codelistErrors(release: unknown, node: Schema = releaseSchema, path = ''): string[] {
  const schema = resolve(node);
  const errors: string[] = [];
  if (schema.codelist) {
    const codes = codelist(schema.codelist as string);
    const values = Array.isArray(release) ? release : [release];
    for (const v of values) {
      if (codes === null) errors.push(`${path}: codelist ${schema.codelist} absent du dossier`);
      else if (!codes.has(String(v))) errors.push(`${path}: ${String(v)} absent de ${schema.codelist}`);
    }
  }
  if (Array.isArray(release) && schema.items) {
    release.forEach((item, i) => errors.push(...codelistErrors(item, schema.items, `${path}[${i}]`)));
  } else if (release && typeof release === 'object' && schema.properties) {
    for (const [key, value] of Object.entries(release)) {
      if (schema.properties[key]) errors.push(...codelistErrors(value, schema.properties[key], `${path}.${key}`));
    }
  }
  return errors;
}

/** Every code field met in the release (to show the check is not vacuous). */
export function codesUsed(release: unknown, node: Schema = releaseSchema, out = new Set<string>()): Set<string> {
  const schema = resolve(node);
  if (schema.codelist) out.add(schema.codelist as string);
  if (Array.isArray(release) && schema.items) release.forEach((item) => codesUsed(item, schema.items, out));
  else if (release && typeof release === 'object' && schema.properties) {
    for (const [key, value] of Object.entries(release)) {
      if (schema.properties[key]) codesUsed(value, schema.properties[key], out);
    }
  }
  return out;
}
