import { formatDeadline, formatMoney } from './template-data';

describe('formatDeadline (America/Montreal)', () => {
  it.each([
    ['2027-01-20T19:00:00Z', 'fr', '20 janvier 2027 à 14 h 00 (heure de Montréal)'],
    ['2027-01-20T19:00:00Z', 'en', 'January 20, 2027, 2:00 p.m. (Montréal time)'],
    // Daylight saving time: UTC−4 in summer.
    ['2027-07-01T13:05:00Z', 'fr', '1er juillet 2027 à 9 h 05 (heure de Montréal)'],
    ['2027-07-01T13:05:00Z', 'en', 'July 1, 2027, 9:05 a.m. (Montréal time)'],
    // The UTC date is the next day; Montréal's is not.
    ['2027-03-01T03:30:00Z', 'fr', '28 février 2027 à 22 h 30 (heure de Montréal)'],
    ['2027-08-15T04:00:00Z', 'fr', '15 août 2027 à 0 h 00 (heure de Montréal)'],
    ['2027-08-15T04:00:00Z', 'en', 'August 15, 2027, 12:00 a.m. (Montréal time)'],
    ['2027-12-01T17:00:00Z', 'en', 'December 1, 2027, 12:00 p.m. (Montréal time)'],
  ] as const)('%s in %s → %s', (iso, language, expected) => {
    expect(formatDeadline(new Date(iso), language)).toBe(expected);
  });
});

describe('formatMoney (integer cents, Québec conventions)', () => {
  it.each([
    [5_217_391, 'fr', '52\u00a0173,91\u00a0$'],
    [5_217_391, 'en', '$52,173.91'],
    [0, 'fr', '0,00\u00a0$'],
    [5, 'en', '$0.05'],
    [100, 'fr', '1,00\u00a0$'],
    [8_999_999, 'fr', '89\u00a0999,99\u00a0$'],
    [123_456_789, 'en', '$1,234,567.89'],
  ] as const)('%i cents in %s → %s', (cents, language, expected) => {
    expect(formatMoney(cents, language)).toBe(expected);
  });
});
