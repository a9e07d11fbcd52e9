import { createHash } from 'node:crypto';
import Decimal from 'decimal.js';
import { DRAW_ALGORITHM, drawWinner, newDrawSeed, verifyDraw } from './ranking/draw';
import {
  adjustedPriceCents,
  ConsensusScore,
  EvaluationCriterion,
  isAcceptable,
  qualityScore,
  rank,
  RankingCandidate,
} from './evaluation.rules';
import { codeOf, outcome } from '../../test/support/rule-outcome';

/** Criteria c1, c2, … with these weights; c1 is the only minimumRequired one. */
const criteriaOf = (...weights: (string | number)[]): EvaluationCriterion[] =>
  weights.map((weight, i) => ({ id: `c${i + 1}`, weight, minimumRequired: i === 0 }));
const scoresOf = (...scores: (string | number)[]): ConsensusScore[] =>
  scores.map((score, i) => ({ criterionId: `c${i + 1}`, score }));

describe('quality score Q = Σ(score × weight / 100), half-up to 2 decimals', () => {
  it.each([
    ['equal scores', [40, 35, 25], [85, 85, 85], '85.00'],
    ['all 100', [40, 35, 25], [100, 100, 100], '100.00'],
    ['all 0', [40, 35, 25], [0, 0, 0], '0.00'],
    ['weights with 2 decimals (79.999)', [33.33, 33.33, 33.34], [80, 90, 70], '80.00'],
    ['weights as PostgreSQL decimal text', ['33.33', '33.33', '33.34'], ['85.00', '85.00', '85.00'], '85.00'],
    ['weights 33.33/33.33/33.34, scores with decimals', [33.33, 33.33, 33.34], [77.77, 88.88, 99.99], '88.88'], // 88.881111
    ['exactly x.xx5 rounds up (82.505)', [50, 30, 20], [85.01, 80, 80], '82.51'],
    ['just below x.xx5 rounds down (82.50)', [50, 30, 20], [85, 80, 80], '82.50'],
    ['69.995 rounds up to the threshold', [50, 25, 25], [69.99, 70, 70], '70.00'],
    ['70.005 rounds up', [50, 25, 25], [70.01, 70, 70], '70.01'],
    ['binary-unfriendly weights (0.1 + 0.2 + 99.7)', [0.1, 0.2, 99.7], [100, 100, 100], '100.00'],
    ['order of scores does not matter', [50, 30, 20], [85.01, 80, 80], '82.51'],
  ])('%s: weights %j, scores %j → %s', (_case, weights, scores, expected) => {
    expect(qualityScore(criteriaOf(...weights), scoresOf(...scores))).toBe(expected);
  });

  it('pairs scores with criteria by id, not by position', () => {
    const scores: ConsensusScore[] = [
      { criterionId: 'c3', score: 80 },
      { criterionId: 'c1', score: 85.01 },
      { criterionId: 'c2', score: 80 },
    ];
    expect(qualityScore(criteriaOf(50, 30, 20), scores)).toBe('82.51');
  });

  it.each([
    ['a criterion without a score', scoresOf(80, 90), 'scores[c3]'],
    ['a score above 100', scoresOf(80, 90, 100.01), 'scores[c3].score'],
    ['a negative score', scoresOf(80, 90, -1), 'scores[c3].score'],
    ['a score with 3 decimals', scoresOf(80, 90, 70.001), 'scores[c3].score'],
    ['a score that is not a number', scoresOf(80, 90, 'bien'), 'scores[c3].score'],
    ['two scores for one criterion', [...scoresOf(80, 90, 70), { criterionId: 'c3', score: 71 }], 'scores[c3]'],
    ['a score for an unknown criterion', [...scoresOf(80, 90, 70), { criterionId: 'c9', score: 71 }], 'scores[c9]'],
  ])('%s → VALIDATION_FAILED naming %s', (_case, scores, path) => {
    const result = outcome(() => qualityScore(criteriaOf(40, 35, 25), scores));
    expect(result?.code).toBe('VALIDATION_FAILED');
    expect(result?.details?.fields).toContainEqual({ path, message: expect.any(String) });
  });
});

describe('acceptability: Q ≥ 70 and minimumRequired criteria ≥ 70 (all criteria for min_quality_lowest_price)', () => {
  // c1 (weight 50) is minimumRequired; c2, c3 (weight 25 each) are not.
  const criteria = criteriaOf(50, 25, 25);
  const belowQ = (q: string) => ({ code: 'QUALITY_BELOW_THRESHOLD', qualityScore: q, threshold: 70 });
  const below = (criterionId: string, score: string, minimumRequired: boolean) => ({
    code: 'CRITERION_BELOW_THRESHOLD',
    criterionId,
    score,
    threshold: 70,
    minimumRequired,
  });

  it.each([
    ['adjusted_price', 'Q 69.99', [70, 69.98, 69.98], '69.99', [belowQ('69.99')]],
    ['adjusted_price', 'Q exactly 70.00', [70, 70, 70], '70.00', []],
    ['adjusted_price', 'Q 69.995 rounds to 70.00', [69.99, 70, 70], '70.00', [below('c1', '69.99', true)]],
    [
      'adjusted_price',
      'minimumRequired criterion at 69.99 with Q ≥ 70',
      [69.99, 90, 90],
      '80.00',
      [below('c1', '69.99', true)],
    ],
    ['adjusted_price', 'minimumRequired criterion at exactly 70', [70, 90, 90], '80.00', []],
    ['adjusted_price', 'other criterion below 70 is fine', [90, 50, 90], '80.00', []],
    ['min_quality_lowest_price', 'one criterion below 70', [90, 69.99, 90], '85.00', [below('c2', '69.99', false)]],
    ['min_quality_lowest_price', 'every criterion at 70', [70, 70, 70], '70.00', []],
    ['adjusted_price', 'everything below', [60, 60, 60], '60.00', [belowQ('60.00'), below('c1', '60.00', true)]],
    [
      'min_quality_lowest_price',
      'everything below',
      [60, 60, 60],
      '60.00',
      [belowQ('60.00'), below('c1', '60.00', true), below('c2', '60.00', false), below('c3', '60.00', false)],
    ],
  ] as const)('%s, %s', (method, _case, scores, q, reasons) => {
    expect(isAcceptable(method, criteria, scoresOf(...scores), 70)).toEqual({
      acceptable: reasons.length === 0,
      qualityScore: q,
      reasons,
    });
  });

  it('takes another threshold', () => {
    expect(isAcceptable('adjusted_price', criteria, scoresOf(80, 70, 70), 75)).toEqual({
      acceptable: true,
      qualityScore: '75.00',
      reasons: [],
    });
    expect(isAcceptable('adjusted_price', criteria, scoresOf(74.99, 90, 90), 75).reasons).toEqual([
      { code: 'CRITERION_BELOW_THRESHOLD', criterionId: 'c1', score: '74.99', threshold: 75, minimumRequired: true },
    ]);
  });
});

describe('adjusted price = price / (1 + K × (Q − 70) / 30), half-up to the cent', () => {
  it.each([
    ['worked example: 60 000.00 $, Q 85, K 30 % (factor 1.15)', 6_000_000, '85.00', 30, 5_217_391],
    ['same, numbers and decimal text mixed', 6_000_000, 85, '30.00', 5_217_391],
    ['Q exactly 70: factor 1, price unchanged (K 30)', 6_000_000, '70.00', 30, 6_000_000],
    ['Q exactly 70: factor 1, price unchanged (K 15)', 6_000_001, 70, 15, 6_000_001],
    ['Q 100, K 15 (factor 1.15)', 6_000_000, 100, 15, 5_217_391],
    ['Q 100, K 30 (factor 1.30; 4 615 384.615…)', 6_000_000, 100, 30, 4_615_385],
    ['exactly half a cent rounds up (5 000 002.5, factor 1.2)', 6_000_003, 90, 30, 5_000_003],
    ['exactly half a cent that binary floating point sees as …87.4999999999', 1_000_046, 72, 20, 986_888],
    ['two thirds of a cent rounds up', 6_000_002, 90, 30, 5_000_002],
    ['one third of a cent rounds down', 6_000_004, 90, 30, 5_000_003],
    ['half a cent on a tiny price', 3, 100, 20, 3],
    ['K and Q with decimals (895 856.66…)', 1_000_000, '85.50', '22.50', 895_857],
    ['K and Q with decimals (4 787 114.57…)', 4_999_999, '77.77', '17.17', 4_787_115],
    ['Q 99.99, K 29.99 (949 813.02…)', 1_234_567, '99.99', '29.99', 949_813],
    ['Q below 70 raises the price (factor 0.9)', 900_000, 60, 30, 1_000_000],
  ])('%s', (_case, price, q, k, expected) => {
    expect(adjustedPriceCents(price, q, k)).toBe(expected);
  });

  it.each([
    ['K below 15', 6_000_000, 85, 14.99, 'INVALID_K'],
    ['K above 30', 6_000_000, 85, 30.01, 'INVALID_K'],
    ['a zero price', 0, 85, 30, 'INVALID_PRICE'],
    ['a price that is not whole cents', 10.5, 85, 30, 'INVALID_PRICE'],
    ['Q above 100', 6_000_000, 100.01, 30, 'VALIDATION_FAILED'],
    ['Q with 3 decimals', 6_000_000, '85.005', 30, 'VALIDATION_FAILED'],
  ])('%s → %s', (_case, price, q, k, code) => {
    expect(codeOf(() => adjustedPriceCents(price, q, k))).toBe(code);
  });
});

/**
 * The integer arithmetic against decimal.js (the implementation it replaced), on
 * pseudo-random inputs from a fixed seed: Q (10 criteria, weights and scores with 0–2
 * decimals) and adjusted prices up to the largest safe price, where price × 3 × 10⁷ passes 2⁵³.
 */
describe('exact arithmetic agrees with decimal.js', () => {
  const D = Decimal.clone({ precision: 50, rounding: Decimal.ROUND_HALF_UP });
  let state = 0x2545f491;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const hundredths = (max: number) => {
    const h = Math.floor(next() * (max * 100 + 1));
    const decimals = Math.floor(next() * 3); // 0, 1 or 2 decimals written
    const text = (h / 100).toFixed(decimals);
    return new D(text).gt(max) ? String(max) : text;
  };

  it('Q on 2 000 grids of 10 criteria', () => {
    for (let n = 0; n < 2000; n++) {
      const weights = Array.from({ length: 10 }, () => hundredths(100));
      const scores = Array.from({ length: 10 }, () => hundredths(100));
      const expected = weights
        .reduce((acc, w, i) => acc.plus(new D(scores[i]).times(w).div(100)), new D(0))
        .toDecimalPlaces(2, Decimal.ROUND_HALF_UP)
        .toFixed(2);
      expect(qualityScore(criteriaOf(...weights), scoresOf(...scores))).toBe(expected);
    }
  });

  it('adjusted prices on 5 000 prices, Q and K', () => {
    for (let n = 0; n < 5000; n++) {
      const price =
        n % 10 === 0 ? Number.MAX_SAFE_INTEGER - Math.floor(next() * 1000) : 1 + Math.floor(next() * 20_000_000);
      const q = hundredths(100);
      const k = new D(1500 + Math.floor(next() * 1501)).div(100).toFixed(2);
      const span = new D(30).times(100);
      const expected = new D(price)
        .times(span)
        .div(span.plus(new D(k).times(new D(q).minus(70))))
        .toDecimalPlaces(0, Decimal.ROUND_HALF_UP)
        .toNumber();
      expect([price, q, k, adjustedPriceCents(price, q, k)]).toEqual([price, q, k, expected]);
    }
  });
});

describe('ranking', () => {
  const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
  const cand = (n: number, priceCents: number, q: string | number, acceptable = true): RankingCandidate => ({
    proposalId: id(n),
    priceCents,
    qualityScore: q,
    acceptable,
  });
  /** [proposal number, rank, rankingCents] in the returned order. */
  const summary = (r: ReturnType<typeof rank>) =>
    r.proposals.map((p) => [Number(p.proposalId.slice(-1)), p.rank, p.rankingCents]);

  it.each([
    [
      'adjusted price ascending, not acceptable last',
      'adjusted_price',
      30,
      [cand(1, 6_000_000, 85), cand(2, 5_300_000, 80), cand(3, 5_000_000, 70), cand(4, 1_000_000, 60, false)],
      [
        [2, 1, 4_818_182],
        [3, 2, 5_000_000],
        [1, 3, 5_217_391],
        [4, null, null],
      ],
      [],
    ],
    [
      'tie to the cent at rank 1 (5 217 391.30… and 5 217 391): ranks 1, 1, 3',
      'adjusted_price',
      30,
      [cand(3, 5_500_000, 70), cand(2, 5_217_391, 70), cand(1, 6_000_000, 85)],
      [
        [1, 1, 5_217_391],
        [2, 1, 5_217_391],
        [3, 3, 5_500_000],
      ],
      [id(1), id(2)],
    ],
    [
      'near tie, one cent apart: no tie',
      'adjusted_price',
      30,
      [cand(1, 6_000_000, 85), cand(2, 5_217_392, 70)],
      [
        [1, 1, 5_217_391],
        [2, 2, 5_217_392],
      ],
      [],
    ],
    [
      'tie below rank 1 is no tie for the award: 1, 2, 2, 4',
      'adjusted_price',
      30,
      [cand(4, 9_000_000, 70), cand(3, 5_217_391, 70), cand(2, 6_000_000, 85), cand(1, 5_000_000, 70)],
      [
        [1, 1, 5_000_000],
        [2, 2, 5_217_391],
        [3, 2, 5_217_391],
        [4, 4, 9_000_000],
      ],
      [],
    ],
    [
      'three-way tie at rank 1',
      'adjusted_price',
      15,
      [cand(3, 5_000_000, 70), cand(1, 5_000_000, 70), cand(2, 5_750_000, 100)],
      [
        [1, 1, 5_000_000],
        [2, 1, 5_000_000],
        [3, 1, 5_000_000],
      ],
      [id(1), id(2), id(3)],
    ],
    [
      'min_quality_lowest_price: price ascending, quality ignored',
      'min_quality_lowest_price',
      null,
      [cand(1, 6_000_000, 100), cand(2, 5_999_999, 70), cand(3, 1, 50, false)],
      [
        [2, 1, 5_999_999],
        [1, 2, 6_000_000],
        [3, null, null],
      ],
      [],
    ],
    [
      'min_quality_lowest_price: equal prices tie',
      'min_quality_lowest_price',
      null,
      [cand(2, 5_000_000, 100), cand(1, 5_000_000, 70)],
      [
        [1, 1, 5_000_000],
        [2, 1, 5_000_000],
      ],
      [id(1), id(2)],
    ],
    [
      'a single acceptable proposal',
      'adjusted_price',
      20,
      [cand(1, 5_000_000, 90), cand(2, 4_000_000, 65, false)],
      [
        [1, 1, 4_411_765],
        [2, null, null],
      ],
      [],
    ],
    [
      'nothing acceptable',
      'adjusted_price',
      20,
      [cand(2, 5_000_000, 60, false), cand(1, 4_000_000, 65, false)],
      [
        [1, null, null],
        [2, null, null],
      ],
      [],
    ],
    ['no proposals', 'adjusted_price', 20, [], [], []],
  ] as const)('%s', (_case, method, k, candidates, expected, tied) => {
    const result = rank(method, candidates, k);
    expect(summary(result)).toEqual(expected);
    expect(result.tieAtFirst).toBe(tied.length > 0);
    expect(result.tiedProposalIds).toEqual(tied);
  });

  it('gives each proposal its Q, price and adjusted price (null when not acceptable or not adjusted)', () => {
    const adjusted = rank('adjusted_price', [cand(1, 6_000_000, '85'), cand(2, 1_000_000, 60, false)], 30).proposals;
    expect(adjusted).toEqual([
      {
        proposalId: id(1),
        priceCents: 6_000_000,
        qualityScore: '85.00',
        acceptable: true,
        adjustedPriceCents: 5_217_391,
        rankingCents: 5_217_391,
        rank: 1,
      },
      {
        proposalId: id(2),
        priceCents: 1_000_000,
        qualityScore: '60.00',
        acceptable: false,
        adjustedPriceCents: null,
        rankingCents: null,
        rank: null,
      },
    ]);
    expect(rank('min_quality_lowest_price', [cand(1, 6_000_000, 85)]).proposals[0]).toMatchObject({
      adjustedPriceCents: null,
      rankingCents: 6_000_000,
    });
  });

  it.each([
    ['adjusted_price without K', 'adjusted_price', null, [cand(1, 1, 80)], 'INVALID_K'],
    ['min_quality_lowest_price with K', 'min_quality_lowest_price', 20, [cand(1, 1, 80)], 'INVALID_K'],
    ['a price in fractions of a cent', 'adjusted_price', 20, [cand(1, 100.5, 80)], 'INVALID_PRICE'],
    ['the same proposal twice', 'adjusted_price', 20, [cand(1, 100, 80), cand(1, 200, 80)], 'VALIDATION_FAILED'],
    ['a Q above 100', 'adjusted_price', 20, [cand(1, 100, 100.5)], 'VALIDATION_FAILED'],
  ] as const)('%s → %s', (_case, method, k, candidates, code) => {
    expect(codeOf(() => rank(method, candidates, k))).toBe(code);
  });
});

describe('draw (sha256-mod-v1)', () => {
  const A = '1b0e5c1e-0000-4000-8000-000000000001';
  const B = '7f3a9d2c-0000-4000-8000-000000000002';
  const C = 'c4d2e8a0-0000-4000-8000-000000000003';

  // Golden values computed outside this code with the sha256sum/bc one-liner of docs/evaluation.md.
  it.each([
    [
      '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f',
      '8d66debe7793389f7963a5bace9ab7ad5cb4034ab13c0eebb7f28c5fd9e5fb08',
      0,
      A,
    ],
    [
      '2222222222222222222222222222222222222222222222222222222222222222',
      '621422c574808265758b33b9e66edc268a7a9c7122033745c8374089ea900302',
      2,
      C,
    ],
    [
      '3333333333333333333333333333333333333333333333333333333333333333',
      '8309306375e6c3644d9a2edb35f2526ba3b714e1fdc9b4335288e0d95eac0565',
      1,
      B,
    ],
  ])('seed %s → digest %s, index %d', (seed, digest, index, winner) => {
    expect(drawWinner(seed, [C, A, B])).toEqual({
      algorithm: DRAW_ALGORITHM,
      seedHex: seed,
      candidateIds: [A, B, C],
      digestHex: digest,
      winnerIndex: index,
      winnerId: winner,
    });
  });

  it.each([[[A, B, C]], [[C, B, A]], [[B, A, C]], [[B.toUpperCase(), ` ${C}`, A]]])(
    'same seed, candidates in any order or case %j → same winner',
    (candidates) => {
      const seed = '3333333333333333333333333333333333333333333333333333333333333333';
      expect(drawWinner(seed, candidates).winnerId).toBe(B);
      expect(drawWinner(seed.toUpperCase(), candidates).winnerId).toBe(B);
    },
  );

  it('recomputation from the stored record equals the result, and a tampered record fails', () => {
    const { algorithm, seedHex, candidateIds, winnerId } = drawWinner(newDrawSeed(), [A, B, C]);
    const record = JSON.parse(JSON.stringify({ algorithm, seedHex, candidateIds, winnerId }));
    expect(verifyDraw(record)).toBe(true);
    expect(drawWinner(record.seedHex, record.candidateIds).winnerId).toBe(winnerId);
    const other = candidateIds.find((c) => c !== winnerId) as string;
    expect(verifyDraw({ ...record, winnerId: other })).toBe(false);
    expect(verifyDraw({ ...record, algorithm: 'sha256-mod-v0' })).toBe(false);
  });

  it('every candidate wins a fair share over 300 seeds', () => {
    const wins = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const seed = createHash('sha256').update(`seed-${i}`).digest('hex');
      const { winnerId } = drawWinner(seed, [A, B, C]);
      wins.set(winnerId, (wins.get(winnerId) ?? 0) + 1);
    }
    expect([...wins.keys()].sort()).toEqual([A, B, C]);
    for (const count of wins.values()) expect(count).toBeGreaterThanOrEqual(60); // 100 expected
  });

  it('new seeds are 32 random bytes in hex', () => {
    const a = newDrawSeed();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(newDrawSeed()).not.toBe(a);
  });

  it.each([
    ['a short seed', 'abcd', [A, B]],
    ['a seed that is not hex', 'zz'.repeat(32), [A, B]],
    ['a single candidate', '00'.repeat(32), [A]],
    ['duplicate candidates (case-insensitive)', '00'.repeat(32), [A, A.toUpperCase()]],
    ['a candidate id with a separator', '00'.repeat(32), [A, 'x,y']],
  ])('%s → VALIDATION_FAILED', (_case, seed, candidates) => {
    expect(codeOf(() => drawWinner(seed, candidates))).toBe('VALIDATION_FAILED');
  });
});
