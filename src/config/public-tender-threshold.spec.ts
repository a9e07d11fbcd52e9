import { DEFAULT_PUBLIC_TENDER_THRESHOLDS } from './app-config';
import { montrealDate } from '../common/util/montreal-time';
import { parseThresholdTable, thresholdInForce } from './public-tender-threshold';

describe('parseThresholdTable', () => {
  it.each([
    [
      'the default table',
      DEFAULT_PUBLIC_TENDER_THRESHOLDS,
      [
        { from: '2024-01-01', to: '2025-12-31', cents: 13_380_000 },
        { from: '2026-01-01', to: '2027-12-31', cents: 13_900_000 },
      ],
    ],
    ['one period', '2026-01-01..2027-12-31=14000000', [{ from: '2026-01-01', to: '2027-12-31', cents: 14_000_000 }]],
    [
      'white space and a trailing separator',
      ' 2024-01-01..2025-12-31=1 ; 2026-01-01..2026-01-01=2 ;',
      [
        { from: '2024-01-01', to: '2025-12-31', cents: 1 },
        { from: '2026-01-01', to: '2026-01-01', cents: 2 },
      ],
    ],
    ['a leap day', '2028-02-29..2028-03-01=5', [{ from: '2028-02-29', to: '2028-03-01', cents: 5 }]],
  ])('reads %s', (_case, text, expected) => {
    expect(parseThresholdTable(text)).toEqual(expected);
  });

  it.each([
    ['an empty table', '', /table vide/],
    ['only separators', ' ; ;', /table vide/],
    ['a missing amount', '2026-01-01..2027-12-31', /illisible/],
    ['dollars with a decimal point', '2026-01-01..2027-12-31=139000.00', /illisible/],
    ['a negative amount', '2026-01-01..2027-12-31=-1', /illisible/],
    ['a single date', '2026-01-01=13900000', /illisible/],
    ['another date format', '01/01/2026..31/12/2027=13900000', /illisible/],
    ['an impossible day', '2026-02-30..2027-12-31=13900000', /date impossible/],
    ['month 13', '2026-01-01..2027-13-01=13900000', /date impossible/],
    ['an inverted period', '2027-12-31..2026-01-01=13900000', /inversée/],
    ['overlapping periods', '2024-01-01..2026-01-01=1;2026-01-01..2027-12-31=2', /chevauchent/],
    ['overlapping periods out of order', '2026-01-01..2027-12-31=2;2025-06-01..2026-06-01=1', /chevauchent/],
  ])('refuses %s', (_case, text, message) => {
    expect(() => parseThresholdTable(text)).toThrow(message);
  });
});

describe('thresholdInForce (calendar day in America/Montreal)', () => {
  const table = parseThresholdTable(DEFAULT_PUBLIC_TENDER_THRESHOLDS);

  it.each([
    ['first day of the first period, Montréal midnight', '2024-01-01T00:00:00-05:00', 13_380_000],
    ['2025-12-31 23:30 in Montréal is still 2025 (04:30 UTC on Jan 1)', '2025-12-31T23:30:00-05:00', 13_380_000],
    ['the last instant of 2025 in Montréal', '2026-01-01T04:59:59.999Z', 13_380_000],
    ['Montréal midnight on 2026-01-01', '2026-01-01T05:00:00Z', 13_900_000],
    ['summer time: 23:30 EDT on June 30 is still June 30', '2026-07-01T03:30:00Z', 13_900_000],
    ['the last day of the table', '2027-12-31T23:59:59-05:00', 13_900_000],
  ])('%s', (_case, at, cents) => {
    expect(thresholdInForce(table, new Date(at))?.cents).toBe(cents);
  });

  it.each([
    ['before the table', '2023-12-31T23:59:59-05:00'],
    ['after the table (Montréal midnight on 2028-01-01)', '2028-01-01T00:00:00-05:00'],
  ])('finds none %s', (_case, at) => {
    expect(thresholdInForce(table, new Date(at))).toBeUndefined();
  });

  it('finds none in a gap between periods', () => {
    const gappy = parseThresholdTable('2024-01-01..2024-12-31=1;2026-01-01..2026-12-31=2');
    expect(thresholdInForce(gappy, new Date('2025-06-15T12:00:00Z'))).toBeUndefined();
  });
});

describe('montrealDate', () => {
  it.each([
    ['2025-12-31T23:30:00-05:00', '2025-12-31'],
    ['2026-01-01T04:59:59Z', '2025-12-31'],
    ['2026-01-01T05:00:00Z', '2026-01-01'],
    ['2026-03-08T06:59:59Z', '2026-03-08'], // 01:59:59 EST, just before the spring change
    ['2026-11-01T04:30:00Z', '2026-11-01'], // 00:30 EDT
  ])('%s → %s', (at, day) => {
    expect(montrealDate(new Date(at))).toBe(day);
  });
});
