import { isCalendarDate } from '../common/util/calendar-date';
import {
  isCanadianPostalCode,
  isForgeGroupPath,
  isValidPeriod,
  NEQ_PATTERN,
  normalizePostalCode,
  postalCodeMatchesProvince,
} from './organizations.rules';

describe('organizations rules', () => {
  it.each([
    ['1234567890', true],
    ['123456789', false],
    ['12345678901', false],
    ['12345678a0', false],
    ['1234 567 890', false],
  ])('NEQ %s valid: %s', (neq, valid) => {
    expect(NEQ_PATTERN.test(neq)).toBe(valid);
  });

  it.each([
    ['h2x1y4', 'H2X 1Y4'],
    ['H2X 1Y4', 'H2X 1Y4'],
    [' g1r-4a5 ', 'G1R 4A5'],
    ['H2X  1Y4', 'H2X 1Y4'],
    ['H2X1Y', 'H2X1Y'],
  ])('normalizes postal code %j to %j', (raw, normalized) => {
    expect(normalizePostalCode(raw)).toBe(normalized);
  });

  it.each([
    ['H2X 1Y4', true],
    ['K1A 0B1', true],
    ['D2X 1Y4', false], // D never used
    ['W2X 1Y4', false], // W never first
    ['H2O 1Y4', false], // O never used
    ['H2X1Y4', false], // not normalized
    ['12X 1Y4', false],
  ])('postal code %s valid: %s', (code, valid) => {
    expect(isCanadianPostalCode(code)).toBe(valid);
  });

  it.each([
    ['H2X 1Y4', 'QC', true],
    ['G1R 4A5', 'QC', true],
    ['J8Y 3R9', 'QC', true],
    ['K1A 0B1', 'ON', true],
    ['K1A 0B1', 'QC', false],
    ['X0A 0H0', 'NU', true],
    ['X1A 2P5', 'NT', true],
    ['H2X 1Y4', 'ZZ', false],
  ])('postal code %s in %s: %s', (code, province, ok) => {
    expect(postalCodeMatchesProvince(code, province)).toBe(ok);
  });

  it.each([
    ['mcn/echanges', true],
    ['sct', true],
    ['gouv/mcn-lq3k4x-0', true],
    ['a/b_c/d.e-f', true],
    ['MCN/echanges', false],
    ['mcn//echanges', false],
    ['/mcn', false],
    ['mcn/', false],
    ['-mcn', false],
    ['.mcn', false],
    ['mcn.', false],
    ['mc..n', false],
    ['mcn/projet.git', false],
    ['mcn/éch', false],
    ['mcn echanges', false],
    ['', false],
    ['a'.repeat(256), false],
  ])('forge group path %j valid: %s', (path, valid) => {
    expect(isForgeGroupPath(path)).toBe(valid);
  });

  it.each([
    ['2026-01-31', true],
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['2026-1-1', false],
    ['2026-01-01T00:00:00Z', false],
  ])('calendar date %s valid: %s', (date, valid) => {
    expect(isCalendarDate(date)).toBe(valid);
  });

  it.each([
    ['2026-01-01', null, true],
    ['2026-01-01', '2026-01-01', true],
    ['2026-01-01', '2026-12-31', true],
    ['2026-01-02', '2026-01-01', false],
  ])('period %s..%s valid: %s', (from, to, valid) => {
    expect(isValidPeriod(from, to)).toBe(valid);
  });
});
