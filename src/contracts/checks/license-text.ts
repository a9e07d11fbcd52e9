import { lazyModule } from '../../common/util/lazy-module';

// 8 MB of licence texts: loaded at the first check, not at start.
const spdxFull = lazyModule<typeof import('spdx-license-list/full')>('spdx-license-list/full');

/** Whitespace runs become one space, ends trimmed (domain.md §7: texts compared whole after this). */
export const normaliseWhitespace = (text: string) =>
  text
    .replace(/^\uFEFF/, '')
    .replace(/\s+/g, ' ')
    .trim();

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const matchers = new Map<string, RegExp | null>();

/**
 * The official text of an SPDX licence (spdx-license-list), as a whole-text matcher: after
 * whitespace normalisation the file must equal it, its `<placeholders>` (`<year>`,
 * `<copyright holders>`) standing for any text. LiLiQ-R and LiLiQ-R+ differ in their text, so
 * one never matches the other. Null for an identifier the list does not know.
 */
function matcherFor(spdxId: string): RegExp | null {
  if (!matchers.has(spdxId)) {
    const entry = (spdxFull() as Readonly<Record<string, { licenseText: string }>>)[spdxId];
    const parts = entry ? normaliseWhitespace(entry.licenseText).split(/<[^<>\n]{1,60}>/) : null;
    matchers.set(spdxId, parts ? new RegExp(`^${parts.map(escape).join('.+?')}$`, 's') : null);
  }
  return matchers.get(spdxId)!;
}

export function knowsLicense(spdxId: string): boolean {
  return matcherFor(spdxId) !== null;
}

export function licenseTextMatches(spdxId: string, text: string): boolean {
  return matcherFor(spdxId)?.test(normaliseWhitespace(text)) ?? false;
}

/** Which of `candidates` the text is (to say "this is LiLiQ-R, not LiLiQ-Rplus"). */
export function identifyLicense(text: string, candidates: readonly string[]): string | null {
  return candidates.find((id) => licenseTextMatches(id, text)) ?? null;
}
