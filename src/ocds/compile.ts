import type { OcdsReleaseJson } from './release-builder';

type Json = unknown;
type JsonObject = Record<string, Json>;

const isObject = (v: Json): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasIds = (v: Json[]): v is JsonObject[] => v.length > 0 && v.every((x) => isObject(x) && 'id' in x);
const clone = <T>(v: T): T => structuredClone(v);

/** Merges `source` into `target` by the OCDS merge rules (in place; returns target). */
function mergeInto(target: JsonObject, source: JsonObject): JsonObject {
  for (const [key, value] of Object.entries(source)) {
    const current = target[key];
    if (value === null) {
      delete target[key]; // a null removes the field
    } else if (Array.isArray(value)) {
      if (hasIds(value) && Array.isArray(current) && hasIds(current)) {
        // Arrays of objects with `id` merge item by item, by id; new ids are appended.
        const merged = current.map((c) => clone(c));
        for (const item of value) {
          const existing = merged.find((m) => m.id === item.id);
          if (existing) mergeInto(existing, item);
          else merged.push(clone(item));
        }
        target[key] = merged;
      } else {
        target[key] = clone(value); // other arrays are replaced whole
      }
    } else if (isObject(value)) {
      target[key] = mergeInto(isObject(current) ? current : {}, value);
    } else {
      target[key] = value; // later releases override
    }
  }
  return target;
}

/**
 * The compiled release of an ocid (OCDS 1.1 merge rules): the releases in date order, each
 * overriding the fields it sets; `tag` is `["compiled"]`, `id` `<ocid>-compiled`, `date` the
 * latest release's.
 */
export function compileReleases(releases: readonly OcdsReleaseJson[]): OcdsReleaseJson {
  const ordered = [...releases].sort((a, b) => String(a.date).localeCompare(String(b.date)));
  const compiled: JsonObject = {};
  for (const r of ordered) {
    const { tag: _tag, id: _id, ...rest } = r;
    mergeInto(compiled, rest);
  }
  const ocid = ordered[ordered.length - 1]?.ocid;
  return { ...compiled, ocid, id: `${String(ocid)}-compiled`, tag: ['compiled'] };
}
