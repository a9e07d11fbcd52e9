import { formatDeadline } from './template-data';

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
