import { codeOf } from '../../test/support/rule-outcome';
import {
  acceptanceGaps,
  ALL_PAIRS,
  assertTransition,
  CONTRACT_TRANSITIONS,
  checkAmendment,
  checkPayment,
} from './contracts.rules';

const ALLOWED = new Set([
  'ACTIVE>DELIVERED',
  'DELIVERED>ACCEPTED',
  'ACCEPTED>PUBLISHED',
  'PUBLISHED>PAID',
  'ACTIVE>TERMINATED',
  'DELIVERED>TERMINATED',
  'ACCEPTED>TERMINATED',
  'PUBLISHED>TERMINATED',
]);

describe('contract lifecycle (domain.md §7)', () => {
  it.each(ALL_PAIRS.map(([from, to]) => [from, to, ALLOWED.has(`${from}>${to}`) ? 'OK' : 'INVALID_TRANSITION']))(
    '%s → %s: %s',
    (from, to, expected) => {
      expect(codeOf(() => assertTransition(from, to))).toBe(expected);
    },
  );

  it('has PAID and TERMINATED as final states', () => {
    expect(CONTRACT_TRANSITIONS.PAID).toEqual([]);
    expect(CONTRACT_TRANSITIONS.TERMINATED).toEqual([]);
  });
});

describe('amendment limits', () => {
  const limits = {
    initialAmountCents: 5_000_000,
    amendedCents: 0,
    paidCents: 0,
    maxPercent: 10,
    programCapCents: 9_000_000,
  };
  it.each([
    ['exactly 10 %', limits, 500_000, 'OK'],
    ['10 % + 1 cent', limits, 500_001, 'AMENDMENT_LIMIT_EXCEEDED'],
    ['cumulative over 10 %', { ...limits, amendedCents: 400_000 }, 100_001, 'AMENDMENT_LIMIT_EXCEEDED'],
    ['cumulative at 10 % after a reduction', { ...limits, amendedCents: -100_000 }, 600_000, 'OK'],
    ['a reduction', limits, -1_000_000, 'OK'],
    ['a reduction to zero', limits, -5_000_000, 'AMENDMENT_LIMIT_EXCEEDED'],
    ['below the payments made', { ...limits, paidCents: 4_800_000 }, -300_000, 'AMENDMENT_LIMIT_EXCEEDED'],
    ['total reaching the cap', { ...limits, initialAmountCents: 8_500_000 }, 500_000, 'AMENDMENT_LIMIT_EXCEEDED'],
    ['total one cent under the cap', { ...limits, initialAmountCents: 8_500_000 }, 499_999, 'OK'],
    ['zero', limits, 0, 'AMENDMENT_LIMIT_EXCEEDED'],
    ['a fraction of a cent', limits, 0.5, 'AMENDMENT_LIMIT_EXCEEDED'],
    ['odd initial amount, floor of 10 %', { ...limits, initialAmountCents: 1_000_005 }, 100_000, 'OK'],
    [
      'odd initial amount, one cent more',
      { ...limits, initialAmountCents: 1_000_005 },
      100_001,
      'AMENDMENT_LIMIT_EXCEEDED',
    ],
  ])('%s', (_name, l, amount, expected) => {
    expect(codeOf(() => checkAmendment(l, amount))).toBe(expected);
  });

  it('names the reason', () => {
    expect(() => checkAmendment({ ...limits, initialAmountCents: 8_500_000 }, 500_000)).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ reason: 'program-cap' }) }),
    );
  });
});

describe('payments', () => {
  it.each([
    [1_000, 0, 1_000, 'OK', true],
    [1_000, 400, 500, 'OK', false],
    [1_000, 400, 601, 'PAYMENT_LIMIT_EXCEEDED', false],
    [1_000, 0, 0, 'PAYMENT_LIMIT_EXCEEDED', false],
  ])('total %i, paid %i, pay %i: %s', (total, paid, amount, expected, full) => {
    expect(codeOf(() => checkPayment(total, paid, amount))).toBe(expected);
    if (expected === 'OK') expect(checkPayment(total, paid, amount).fullyPaid).toBe(full);
  });
});

describe('acceptance gaps', () => {
  const passed = ['readme', 'license', 'publiccode', 'secrets'].map((name) => ({ name, passed: true }));
  const names = passed.map((c) => c.name);
  it.each([
    [
      'all met and passed',
      2,
      [
        { index: 0, met: true },
        { index: 1, met: true },
      ],
      passed,
      { criteria: [], checks: [] },
    ],
    ['a criterion not marked', 2, [{ index: 0, met: true }], passed, { criteria: [1], checks: [] }],
    ['a criterion marked unmet', 1, [{ index: 0, met: false }], passed, { criteria: [0], checks: [] }],
    ['checks pending', 0, [], null, { criteria: [], checks: names }],
    [
      'a check failed',
      0,
      [],
      passed.map((c) => (c.name === 'secrets' ? { ...c, passed: false } : c)),
      { criteria: [], checks: ['secrets'] },
    ],
  ])('%s', (_name, count, marks, checks, expected) => {
    expect(acceptanceGaps(count, marks, checks, names)).toEqual(expected);
  });
});
