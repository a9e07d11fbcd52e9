import 'reflect-metadata';
import { isInstant } from './opportunity-input.dto';

describe('isInstant (ISO 8601 date-time with offset, on a real calendar day)', () => {
  it.each([
    '2027-01-20T14:00:00-05:00',
    '2027-01-20T14:00-05:00',
    '2027-01-20T14:00:00.123456Z',
    '2028-02-29T00:00:00Z',
    '2027-12-31T23:59:59+14:00',
    '1970-01-01T00:00:00Z',
  ])('accepts %s', (v) => expect(isInstant(v)).toBe(true));

  it.each([
    '2027-02-30T14:00:00Z', // would silently be 2 March
    '2027-02-29T14:00:00Z',
    '2027-04-31T14:00:00-04:00',
    '2027-13-01T14:00:00Z',
    '2027-01-01T24:00:00Z', // would silently be the next day
    '2027-01-01T23:60:00Z',
    '2027-01-01T23:59:60Z',
    '0000-01-01T00:00:00Z',
    '1969-12-31T23:59:59Z',
    '2027-01-20T14:00:00', // local time: ambiguous
    '2027-01-20',
    '2027-01-01T00:00:00+24:00',
  ])('refuses %s', (v) => expect(isInstant(v)).toBe(false));

  it('refuses non-strings', () => {
    expect(isInstant(1_800_000_000_000)).toBe(false);
    expect(isInstant(null)).toBe(false);
  });
});
