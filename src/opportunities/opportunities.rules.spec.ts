import { OPPORTUNITY_STATUSES, OpportunityStatus } from './entities/opportunity.entity';
import {
  assertComplete,
  assertCriteria,
  assertEditable,
  assertEstimatedValue,
  assertK,
  assertLicense,
  assertTenderPeriod,
  assertTransition,
  canTransition,
  earliestProposalDeadline,
  effectiveStatus,
  isPossibleSplitting,
  LICENSE_ALLOW_LIST,
  missingForPublication,
  PublishableContent,
  splittingWindowStart,
  weightInHundredths,
} from './opportunities.rules';
import { codeOf, outcome } from '../../test/support/rule-outcome';

const at = (iso: string) => new Date(iso);

describe('opportunity state graph (O12)', () => {
  // domain.md §4.1, written out independently of OPPORTUNITY_TRANSITIONS.
  const ALLOWED = new Set([
    'DRAFT→UNDER_REVIEW',
    'UNDER_REVIEW→DRAFT',
    'UNDER_REVIEW→PUBLISHED',
    'UNDER_REVIEW→CANCELLED',
    'PUBLISHED→EVALUATION',
    'PUBLISHED→CANCELLED',
    'EVALUATION→AWARDED',
    'EVALUATION→UNSUCCESSFUL',
    'EVALUATION→CANCELLED',
  ]);
  const pairs = OPPORTUNITY_STATUSES.flatMap((from) =>
    OPPORTUNITY_STATUSES.map((to) => [from, to, ALLOWED.has(`${from}→${to}`)] as const),
  );

  it('covers all 49 pairs, 9 of them allowed', () => {
    expect(pairs).toHaveLength(49);
    expect(pairs.filter(([, , ok]) => ok)).toHaveLength(9);
  });

  it.each(pairs)('%s → %s allowed: %s', (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed);
    const result = outcome(() => assertTransition(from, to));
    expect(result).toEqual(allowed ? null : { code: 'INVALID_TRANSITION', details: { from, to } });
  });

  it.each([
    ['PUBLISHED', '2027-01-20T19:00:00.000Z', '2027-01-20T18:59:59.999Z', 'PUBLISHED'],
    ['PUBLISHED', '2027-01-20T19:00:00.000Z', '2027-01-20T19:00:00.000Z', 'EVALUATION'],
    ['PUBLISHED', '2027-01-20T19:00:00.000Z', '2027-02-01T00:00:00.000Z', 'EVALUATION'],
    ['DRAFT', '2027-01-20T19:00:00.000Z', '2027-02-01T00:00:00.000Z', 'DRAFT'],
    ['CANCELLED', '2027-01-20T19:00:00.000Z', '2027-02-01T00:00:00.000Z', 'CANCELLED'],
    ['EVALUATION', '2027-01-20T19:00:00.000Z', '2027-01-01T00:00:00.000Z', 'EVALUATION'],
  ] as const)('effective status of %s with deadline %s at %s is %s', (status, deadline, now, expected) => {
    expect(effectiveStatus(status, at(deadline), at(now))).toBe(expected);
  });
});

describe('O1 estimated value', () => {
  const CAP = 9_000_000;
  it.each([
    [1, 'OK'],
    [6_500_000, 'OK'],
    [8_999_999, 'OK'],
    [9_000_000, 'VALUE_ABOVE_CAP'],
    [9_000_001, 'VALUE_ABOVE_CAP'],
    [0, 'VALIDATION_FAILED'],
    [-1, 'VALIDATION_FAILED'],
    [10.5, 'VALIDATION_FAILED'],
  ])('%d cents → %s', (value, code) => {
    expect(codeOf(() => assertEstimatedValue(value, CAP))).toBe(code);
  });

  it('names the field for a value ≤ 0 and gives the cap above it', () => {
    expect(outcome(() => assertEstimatedValue(0, CAP))?.details).toEqual({
      fields: [{ path: 'estimatedValueCents', message: expect.any(String) }],
    });
    expect(outcome(() => assertEstimatedValue(CAP, CAP))?.details).toEqual({ estimatedValueCents: CAP, capCents: CAP });
  });

  it('says the cap in dollars as Québec writes them, not in cents', () => {
    expect(() => assertEstimatedValue(9_000_000, 9_000_000)).toThrow(
      'La valeur estimée (options incluses) doit être inférieure à 90\u00a0000,00\u00a0$ (plafond du programme).',
    );
  });
});

describe('O2 criteria', () => {
  const w = (...weights: (number | string)[]) => weights.map((weight) => ({ weight }));
  it.each([
    ['three integer weights', w(40, 35, 25), 'OK'],
    ['thirds to the hundredth', w(33.33, 33.33, 33.34), 'OK'],
    ['decimal strings (as PostgreSQL returns them)', w('33.33', '33.33', '33.34'), 'OK'],
    ['many small weights', w(0.01, 0.99, 9, 90), 'OK'],
    ['two criteria', w(50, 50), 'INVALID_CRITERIA'],
    ['none', w(), 'INVALID_CRITERIA'],
    ['sum 99.99', w(33.33, 33.33, 33.33), 'INVALID_CRITERIA'],
    ['sum 100.01', w(33.34, 33.34, 33.33), 'INVALID_CRITERIA'],
    ['float sum that is not exactly 100 in binary (0.1 + 0.2 …)', w(0.1, 0.2, 99.7), 'OK'],
    ['a zero weight', w(0, 50, 50), 'INVALID_CRITERIA'],
    ['a negative weight', w(-10, 60, 50), 'INVALID_CRITERIA'],
    ['three decimals', w(33.333, 33.333, 33.334), 'INVALID_CRITERIA'],
    ['not a number', w('beaucoup', 50, 50), 'INVALID_CRITERIA'],
  ])('%s → %s', (_case, criteria, code) => {
    expect(codeOf(() => assertCriteria(criteria))).toBe(code);
  });

  it('lists each problem with its path', () => {
    expect(outcome(() => assertCriteria(w(50, 0, 50.005)))?.details).toEqual({
      fields: [
        { path: 'criteria[1].weight', message: expect.any(String) },
        { path: 'criteria[2].weight', message: expect.any(String) },
      ],
    });
    expect(outcome(() => assertCriteria(w(30, 30, 30)))?.details).toEqual({
      fields: [{ path: 'criteria', message: expect.stringContaining('90.00') }],
    });
  });

  it.each([
    [40, 4000],
    [33.33, 3333],
    [0.5, 50],
    ['12.3', 1230],
    [1e-7, null],
    [Number.NaN, null],
    [0, null],
    ['1,5', null],
  ])('weight %p is %p hundredths', (weight, hundredths) => {
    expect(weightInHundredths(weight)).toBe(hundredths);
  });
});

describe('O3 K', () => {
  it.each([
    ['adjusted_price', 15, true, 'OK'],
    ['adjusted_price', 30, true, 'OK'],
    ['adjusted_price', 22.5, true, 'OK'],
    ['adjusted_price', '30.00', true, 'OK'],
    ['adjusted_price', 14.99, true, 'INVALID_K'],
    ['adjusted_price', 30.01, true, 'INVALID_K'],
    ['adjusted_price', 0, true, 'INVALID_K'],
    ['adjusted_price', 20.001, true, 'INVALID_K'],
    ['adjusted_price', null, true, 'INVALID_K'],
    ['adjusted_price', null, false, 'OK'], // a draft may not have chosen K yet
    ['min_quality_lowest_price', null, true, 'OK'],
    ['min_quality_lowest_price', undefined, true, 'OK'],
    ['min_quality_lowest_price', 20, true, 'INVALID_K'],
    ['min_quality_lowest_price', 20, false, 'INVALID_K'],
  ] as const)('%s with K=%p (required: %s) → %s', (method, k, required, code) => {
    expect(codeOf(() => assertK(method, k, required))).toBe(code);
  });
});

describe('O4 minimum tender period (America/Montreal calendar days)', () => {
  it.each([
    // winter, no change of offset: 10:00 EST + 15 days = 10:00 EST
    ['2026-01-05T15:00:00.000Z', 15, '2026-01-20T15:00:00.000Z'],
    // spring forward (8 March 2026): 10:00 EST + 15 days = 10:00 EDT, one hour earlier in UTC
    ['2026-03-01T15:00:00.000Z', 15, '2026-03-16T14:00:00.000Z'],
    // fall back (1 November 2026): 10:00 EDT + 15 days = 10:00 EST
    ['2026-10-25T14:00:00.000Z', 15, '2026-11-09T15:00:00.000Z'],
    // late evening in Montréal is already tomorrow in UTC: days counted in Montréal
    ['2026-01-05T04:30:00.000Z', 1, '2026-01-06T04:30:00.000Z'],
    ['2026-01-31T17:00:00.000Z', 1, '2026-02-01T17:00:00.000Z'],
    ['2026-01-05T15:00:00.000Z', 0, '2026-01-05T15:00:00.000Z'],
  ])('published %s + %d days → %s', (published, days, expected) => {
    expect(earliestProposalDeadline(at(published), days).toISOString()).toBe(expected);
  });

  it.each([
    ['2026-03-16T14:00:00.000Z', 15, 'OK'],
    ['2026-03-16T13:59:59.999Z', 15, 'DEADLINE_TOO_SOON'], // one ms short, across the DST change
    ['2026-03-16T15:00:00.000Z', 15, 'OK'],
    ['2026-03-01T15:00:00.001Z', 0, 'OK'],
    ['2026-03-01T15:00:00.000Z', 0, 'DEADLINE_TOO_SOON'], // would close on publication
    ['2026-02-28T15:00:00.000Z', 0, 'DEADLINE_TOO_SOON'],
  ])('deadline %s with a %d-day minimum, published 2026-03-01 10:00 EST → %s', (deadline, days, code) => {
    expect(codeOf(() => assertTenderPeriod(at(deadline), at('2026-03-01T15:00:00.000Z'), days))).toBe(code);
  });

  it('reports the earliest allowed deadline', () => {
    expect(
      outcome(() => assertTenderPeriod(at('2026-03-10T14:00:00.000Z'), at('2026-03-01T15:00:00.000Z'), 15))?.details,
    ).toEqual({
      proposalDeadline: '2026-03-10T14:00:00.000Z',
      earliestAllowed: '2026-03-16T14:00:00.000Z',
      minTenderPeriodDays: 15,
    });
  });
});

describe('O5 completeness and O6 licence', () => {
  const complete: PublishableContent = {
    title: { fr: 'Module de rendez-vous' },
    summary: { fr: 'Résumé' },
    description: { fr: 'Description' },
    license: 'LiLiQ-P-1.1',
    forgeProjectPath: 'mcn/echanges/rdv',
    acceptanceCriteria: [{ fr: 'Tests automatisés' }],
    proposalDeadline: at('2027-01-20T19:00:00.000Z'),
    deliveryDueDate: '2027-04-30',
    procurementMode: 'public',
    invitationCount: 0,
  };

  it('accepts a complete opportunity', () => {
    expect(missingForPublication(complete)).toEqual([]);
    expect(codeOf(() => assertComplete(complete))).toBe('OK');
  });

  it.each([
    ['title.fr', { title: { fr: '  ', en: 'Title' } }],
    ['summary.fr', { summary: { fr: '' } }],
    ['description.fr', { description: { fr: '', en: 'Only English' } }],
    ['license', { license: null }],
    ['forgeProjectPath', { forgeProjectPath: null }],
    ['acceptanceCriteria', { acceptanceCriteria: [] }],
    ['acceptanceCriteria', { acceptanceCriteria: [{ fr: ' ' }] }],
    ['proposalDeadline', { proposalDeadline: null }],
    ['deliveryDueDate', { deliveryDueDate: null }],
    ['deliveryDueDate', { deliveryDueDate: '2027-01-20' }], // same day as the deadline
    ['deliveryDueDate', { deliveryDueDate: '2027-01-19' }],
    ['invitations', { procurementMode: 'invitation', invitationCount: 0 }],
  ] as const)('names %s when missing or wrong', (path, change) => {
    const result = outcome(() => assertComplete({ ...complete, ...(change as Partial<PublishableContent>) }));
    expect(result?.code).toBe('INCOMPLETE_OPPORTUNITY');
    expect((result?.details?.fields as { path: string }[]).map((f) => f.path)).toEqual([path]);
  });

  it('lists every missing field at once', () => {
    const paths = missingForPublication({
      ...complete,
      summary: { fr: '' },
      license: null,
      forgeProjectPath: null,
    }).map((f) => f.path);
    expect(paths).toEqual(['summary.fr', 'license', 'forgeProjectPath']);
  });

  it('compares the delivery date with the deadline’s Montréal date', () => {
    // 23:30 EST on 20 January is 04:30 UTC on the 21st: delivery on the 21st is after it.
    expect(
      missingForPublication({
        ...complete,
        proposalDeadline: at('2027-01-21T04:30:00.000Z'),
        deliveryDueDate: '2027-01-21',
      }),
    ).toEqual([]);
    expect(missingForPublication({ ...complete, procurementMode: 'invitation', invitationCount: 2 })).toEqual([]);
  });

  const licenceCases: [string | null, string][] = [
    ...LICENSE_ALLOW_LIST.map((l): [string, string] => [l, 'OK']),
    ['GPL-3.0', 'INVALID_LICENSE'],
    ['mit', 'INVALID_LICENSE'],
    ['Proprietary', 'INVALID_LICENSE'],
    [null, 'OK'],
  ];
  it.each(licenceCases)('licence %p → %s', (license, code) => {
    expect(codeOf(() => assertLicense(license))).toBe(code);
  });
});

describe('O8 anti-splitting', () => {
  it.each([
    [0, 8_999_999, false],
    [4_000_000, 4_999_999, false],
    [4_000_000, 5_000_000, true], // reaches the cap exactly
    [6_000_000, 6_000_000, true],
  ])('%d already published + %d → splitting suspected: %s', (inWindow, value, suspected) => {
    expect(isPossibleSplitting({ publishedInWindowCents: inWindow, valueCents: value, capCents: 9_000_000 })).toBe(
      suspected,
    );
  });

  it.each([
    ['2026-03-20T12:00:00.000Z', 90, '2025-12-20T13:00:00.000Z'], // 08:00 EDT − 90 days = 08:00 EST
    ['2026-03-20T12:00:00.000Z', 0, '2026-03-20T12:00:00.000Z'],
  ])('window before %s over %d days starts at %s', (now, days, expected) => {
    expect(splittingWindowStart(at(now), days).toISOString()).toBe(expected);
  });
});

describe('O9 frozen fields', () => {
  const published = at('2027-01-01T15:00:00.000Z');
  it.each([
    ['DRAFT', null, ['criteria', 'title'], 'OK'],
    ['UNDER_REVIEW', null, ['title'], 'INVALID_TRANSITION'],
    ['CANCELLED', null, ['title'], 'INVALID_TRANSITION'],
    ['PUBLISHED', published, ['criteria'], 'OPPORTUNITY_FROZEN'],
    ['PUBLISHED', published, ['title'], 'OPPORTUNITY_FROZEN'],
    ['EVALUATION', published, ['estimatedValueCents'], 'OPPORTUNITY_FROZEN'],
    ['AWARDED', published, ['license'], 'OPPORTUNITY_FROZEN'],
    ['CANCELLED', published, ['kPercent'], 'OPPORTUNITY_FROZEN'],
  ] as const)('%s (published: %s) editing %j → %s', (status, publishedAt, fields, code) => {
    expect(codeOf(() => assertEditable(status as OpportunityStatus, publishedAt, fields))).toBe(code);
  });

  it('names the frozen fields a request touched', () => {
    const details = outcome(() =>
      assertEditable('PUBLISHED', published, [
        'title',
        'criteria',
        'kPercent',
        'evaluationMethod',
        'license',
        'estimatedValueCents',
      ]),
    )?.details;
    expect(details).toEqual({
      status: 'PUBLISHED',
      frozenFields: ['criteria', 'kPercent', 'evaluationMethod', 'license', 'estimatedValueCents'],
      useAddenda: true,
    });
  });
});
