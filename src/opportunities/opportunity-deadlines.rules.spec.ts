// O7, O10, O11 deadlines and the references (split from opportunities.rules.spec.ts).
import {
  addendumDeadline,
  assertQuestionsOpen,
  complaintDeadline,
  opportunityOcid,
  opportunityReference,
  questionsDeadline,
  questionsOpen,
} from './opportunities.rules';
import { codeOf } from '../../test/support/rule-outcome';

const at = (iso: string) => new Date(iso);

describe('O7 computed deadlines', () => {
  it.each([
    // 15-day period: half is 7.5 days, 10 days wins
    ['2026-01-05T15:00:00.000Z', '2026-01-20T15:00:00.000Z', '2026-01-15T15:00:00.000Z'],
    // 20-day period: half is exactly 10 days
    ['2026-01-05T15:00:00.000Z', '2026-01-25T15:00:00.000Z', '2026-01-15T15:00:00.000Z'],
    // 30-day period: half (15 days) wins
    ['2026-01-05T15:00:00.000Z', '2026-02-04T15:00:00.000Z', '2026-01-20T15:00:00.000Z'],
    // 10 Montréal days across the spring change: 10:00 EST → 10:00 EDT
    ['2026-03-01T15:00:00.000Z', '2026-03-17T14:00:00.000Z', '2026-03-11T14:00:00.000Z'],
  ])('published %s, deadline %s → complaints until %s', (published, deadline, expected) => {
    expect(complaintDeadline(at(published), at(deadline)).toISOString()).toBe(expected);
  });

  it.each([
    ['2027-01-20T19:00:00.000Z', 72, '2027-01-17T19:00:00.000Z'],
    ['2027-01-20T19:00:00.000Z', 0, '2027-01-20T19:00:00.000Z'],
    // hours are elapsed time, even across the DST change
    ['2026-03-09T14:00:00.000Z', 48, '2026-03-07T14:00:00.000Z'],
  ])('deadline %s minus %d hours → questions until %s', (deadline, hours, expected) => {
    expect(questionsDeadline(at(deadline), hours).toISOString()).toBe(expected);
  });
});

describe('O10 addendum deadline', () => {
  const now = at('2027-01-10T15:00:00.000Z');
  const deadline = at('2027-01-20T15:00:00.000Z');
  const base = { currentDeadline: deadline, requestedDeadline: null, affectsPrice: false, now, addendumMinDays: 7 };

  it.each([
    ['no new deadline', {}, '2027-01-20T15:00:00.000Z', false],
    ['same deadline', { requestedDeadline: deadline }, '2027-01-20T15:00:00.000Z', false],
    ['later deadline', { requestedDeadline: at('2027-01-27T15:00:00.000Z') }, '2027-01-27T15:00:00.000Z', false],
    ['price change with 10 days left', { affectsPrice: true }, '2027-01-20T15:00:00.000Z', false],
    [
      'price change with exactly 7 days left',
      { affectsPrice: true, currentDeadline: at('2027-01-17T15:00:00.000Z') },
      '2027-01-17T15:00:00.000Z',
      false,
    ],
    [
      'price change 1 ms short of 7 days',
      { affectsPrice: true, currentDeadline: at('2027-01-17T14:59:59.999Z') },
      '2027-01-17T15:00:00.000Z',
      true,
    ],
    [
      'price change with 2 days left',
      { affectsPrice: true, currentDeadline: at('2027-01-12T15:00:00.000Z') },
      '2027-01-17T15:00:00.000Z',
      true,
    ],
    [
      'price change, later deadline still too close',
      {
        affectsPrice: true,
        currentDeadline: at('2027-01-12T15:00:00.000Z'),
        requestedDeadline: at('2027-01-14T15:00:00.000Z'),
      },
      '2027-01-17T15:00:00.000Z',
      true,
    ],
    [
      'no price change with 2 days left',
      { currentDeadline: at('2027-01-12T15:00:00.000Z') },
      '2027-01-12T15:00:00.000Z',
      false,
    ],
    [
      'price change across the spring change: 10:00 EST + 7 days = 10:00 EDT',
      { affectsPrice: true, now: at('2026-03-05T15:00:00.000Z'), currentDeadline: at('2026-03-06T15:00:00.000Z') },
      '2026-03-12T14:00:00.000Z',
      true,
    ],
    [
      'ADDENDUM_MIN_DAYS = 0',
      { affectsPrice: true, addendumMinDays: 0, currentDeadline: at('2027-01-10T15:00:01.000Z') },
      '2027-01-10T15:00:01.000Z',
      false,
    ],
  ])('%s', (_case, change, expected, extended) => {
    const result = addendumDeadline({ ...base, ...change });
    expect(result).toEqual({ proposalDeadline: at(expected), extendedForPrice: extended });
  });

  it.each([
    ['one ms earlier', at('2027-01-20T14:59:59.999Z')],
    ['a day earlier, even with a price change', at('2027-01-19T15:00:00.000Z')],
  ])('refuses a deadline %s (DEADLINE_CANNOT_SHRINK)', (_case, requested) => {
    expect(codeOf(() => addendumDeadline({ ...base, requestedDeadline: requested, affectsPrice: true }))).toBe(
      'DEADLINE_CANNOT_SHRINK',
    );
  });
});

describe('O11 questions', () => {
  const qd = at('2027-01-17T19:00:00.000Z');
  it.each([
    ['PUBLISHED', qd, '2027-01-17T18:59:59.999Z', true],
    ['PUBLISHED', qd, '2027-01-17T19:00:00.000Z', false],
    ['PUBLISHED', qd, '2027-01-18T00:00:00.000Z', false],
    ['PUBLISHED', null, '2027-01-01T00:00:00.000Z', false],
    ['EVALUATION', qd, '2027-01-01T00:00:00.000Z', false],
    ['CANCELLED', qd, '2027-01-01T00:00:00.000Z', false],
  ] as const)('%s, questions until %s, at %s → open: %s', (status, deadline, now, open) => {
    expect(questionsOpen(status, deadline, at(now))).toBe(open);
    expect(codeOf(() => assertQuestionsOpen(status, deadline, at(now)))).toBe(open ? 'OK' : 'QUESTIONS_CLOSED');
  });
});

describe('references', () => {
  it.each([
    [2027, 1, 'EEC-2027-0001'],
    [2027, 42, 'EEC-2027-0042'],
    [2027, 9999, 'EEC-2027-9999'],
    [2028, 10000, 'EEC-2028-10000'],
  ])('year %d, number %d → %s', (year, seq, reference) => {
    expect(opportunityReference(year, seq)).toBe(reference);
    expect(opportunityOcid('ocds-ech000', reference)).toBe(`ocds-ech000-${reference}`);
  });
});
