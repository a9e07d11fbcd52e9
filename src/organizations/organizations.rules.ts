/**
 * Pure rules of organizations (domain.md §3): formats of the NEQ, Canadian addresses,
 * GitLab group paths and register dates. No Nest import, no I/O.
 */

/** Québec enterprise number: exactly 10 digits. */
export const NEQ_PATTERN = /^[0-9]{10}$/;

/** Canadian provinces and territories (Canada Post two-letter codes). */
export const CANADIAN_PROVINCES = [
  'AB',
  'BC',
  'MB',
  'NB',
  'NL',
  'NS',
  'NT',
  'NU',
  'ON',
  'PE',
  'QC',
  'SK',
  'YT',
] as const;
export type CanadianProvince = (typeof CANADIAN_PROVINCES)[number];

/**
 * First letter of the postal code (forward sortation area) allowed in each province,
 * per Canada Post. Nunavut and the Northwest Territories share X.
 */
const POSTAL_DISTRICTS: Record<CanadianProvince, string> = {
  NL: 'A',
  NS: 'B',
  PE: 'C',
  NB: 'E',
  QC: 'GHJ',
  ON: 'KLMNP',
  MB: 'R',
  SK: 'S',
  AB: 'T',
  BC: 'V',
  NT: 'X',
  NU: 'X',
  YT: 'Y',
};

/** `A1A 1A1`: D, F, I, O, Q and U never appear; W and Z never first. */
export const POSTAL_CODE_PATTERN = /^[ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPRSTV-Z] [0-9][ABCEGHJ-NPRSTV-Z][0-9]$/;

/** Upper-cases and puts the single space in place: `h2x1y4`, `H2X-1Y4` → `H2X 1Y4`. */
export function normalizePostalCode(raw: string): string {
  const compact = raw
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '');
  return compact.length === 6 ? `${compact.slice(0, 3)} ${compact.slice(3)}` : raw.trim().toUpperCase();
}

export function isCanadianPostalCode(value: string): boolean {
  return POSTAL_CODE_PATTERN.test(value);
}

/** True when a (normalized, valid) postal code belongs to the province. */
export function postalCodeMatchesProvince(postalCode: string, province: string): boolean {
  const districts = POSTAL_DISTRICTS[province as CanadianProvince];
  return districts !== undefined && districts.includes(postalCode.charAt(0));
}

const GROUP_SEGMENT = /^[a-z0-9_](?:[a-z0-9._-]*[a-z0-9_-])?$/;

/**
 * A GitLab (sub)group full path such as `mcn/echanges`: segments of [a-z0-9._-] separated
 * by '/'. Like GitLab, a segment may not start with '.' or '-', end with '.', contain '..',
 * or end with '.git' / '.atom'.
 */
export function isForgeGroupPath(value: string): boolean {
  if (value.length === 0 || value.length > 255) return false;
  return value
    .split('/')
    .every((s) => GROUP_SEGMENT.test(s) && !s.includes('..') && !s.endsWith('.git') && !s.endsWith('.atom'));
}

/** An ineligibility period is well formed when it does not end before it starts. */
export function isValidPeriod(effectiveFrom: string, effectiveTo: string | null | undefined): boolean {
  return effectiveTo == null || effectiveTo >= effectiveFrom; // ISO dates compare as strings
}
