import { addMontrealDays, fromMontrealWallClock, montrealDate, montrealWallClock, montrealYear } from './montreal-time';

const at = (iso: string) => new Date(iso);

describe('America/Montreal calendar arithmetic', () => {
  it.each([
    ['2026-01-15T17:30:00.000Z', { year: 2026, month: 1, day: 15, hour: 12, minute: 30 }],
    ['2026-07-15T17:30:00.000Z', { year: 2026, month: 7, day: 15, hour: 13, minute: 30 }],
    ['2027-01-01T04:59:59.999Z', { year: 2026, month: 12, day: 31, hour: 23, minute: 59 }],
    ['2026-03-08T07:00:00.000Z', { year: 2026, month: 3, day: 8, hour: 3, minute: 0 }], // first instant of EDT
  ])('reads the wall clock at %s', (iso, expected) => {
    expect(montrealWallClock(at(iso))).toMatchObject(expected);
  });

  it.each([
    ['winter', '2026-01-05T15:00:00.000Z', 15, '2026-01-20T15:00:00.000Z'],
    ['over the spring change', '2026-03-07T15:00:00.000Z', 1, '2026-03-08T14:00:00.000Z'],
    ['over the fall change', '2026-10-31T14:00:00.000Z', 1, '2026-11-01T15:00:00.000Z'],
    [
      'into the spring gap (02:30 does not exist: 03:30 EDT)',
      '2026-03-07T07:30:00.000Z',
      1,
      '2026-03-08T07:30:00.000Z',
    ],
    ['into the repeated hour (01:30 twice: the later one)', '2026-10-31T05:30:00.000Z', 1, '2026-11-01T06:30:00.000Z'],
    ['month end', '2026-01-31T17:00:00.000Z', 1, '2026-02-01T17:00:00.000Z'],
    ['year end, late evening', '2026-12-31T04:30:00.000Z', 1, '2027-01-01T04:30:00.000Z'],
    ['backwards over the fall change', '2026-11-02T15:00:00.000Z', -2, '2026-10-31T14:00:00.000Z'],
    [
      'zero days keeps the instant (also in the repeated hour)',
      '2026-11-01T05:30:00.123Z',
      0,
      '2026-11-01T05:30:00.123Z',
    ],
    ['keeps milliseconds', '2026-01-05T15:00:00.456Z', 3, '2026-01-08T15:00:00.456Z'],
  ])('adds days %s', (_case, from, days, expected) => {
    expect(addMontrealDays(at(from), days).toISOString()).toBe(expected);
  });

  it('turns a wall clock back into an instant', () => {
    expect(
      fromMontrealWallClock({
        year: 2026,
        month: 6,
        day: 24,
        hour: 9,
        minute: 0,
        second: 0,
        millisecond: 0,
      }).toISOString(),
    ).toBe('2026-06-24T13:00:00.000Z');
    expect(
      fromMontrealWallClock({
        year: 2026,
        month: 12,
        day: 32,
        hour: 0,
        minute: 0,
        second: 0,
        millisecond: 0,
      }).toISOString(),
    ).toBe('2027-01-01T05:00:00.000Z');
  });

  it.each([
    ['2027-01-21T04:30:00.000Z', '2027-01-20', 2027],
    ['2027-01-01T05:00:00.000Z', '2027-01-01', 2027],
    ['2027-01-01T04:59:59.999Z', '2026-12-31', 2026],
  ])('date and year of %s in Montréal: %s', (iso, date, year) => {
    expect(montrealDate(at(iso))).toBe(date);
    expect(montrealYear(at(iso))).toBe(year);
  });
});
