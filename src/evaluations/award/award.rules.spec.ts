import { rank } from '../evaluation.rules';
import { drawDecides } from '../ranking/draw';
import { contractReference } from '../../contracts/contracts.rules';
import { awardWinner } from './award.rules';

const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';
const C = 'cccccccc-0000-4000-8000-000000000003';

/** Acceptable proposals ranked by price (min_quality_lowest_price keeps the figures obvious). */
const ranked = (prices: Record<string, number>) =>
  rank(
    'min_quality_lowest_price',
    Object.entries(prices).map(([proposalId, priceCents]) => ({
      proposalId,
      priceCents,
      qualityScore: '80.00',
      acceptable: true,
    })),
  );

describe('contractReference', () => {
  it.each([
    [2026, 1, 'C-2026-0001'],
    [2027, 42, 'C-2027-0042'],
    [2027, 12345, 'C-2027-12345'],
  ])('%i #%i → %s', (year, seq, expected) => {
    expect(contractReference(year, seq)).toBe(expected);
  });
});

describe('awardWinner', () => {
  it('names the single rank-1 proposal', () => {
    expect(awardWinner(ranked({ [A]: 500, [B]: 400, [C]: 600 }), null)).toEqual({ kind: 'winner', proposalId: B });
  });

  it('reports a tie at rank 1 (to the cent) until a draw decides it', () => {
    const tie = ranked({ [A]: 500, [B]: 500, [C]: 600 });
    expect(awardWinner(tie, null)).toEqual({ kind: 'tie', tiedProposalIds: [A, B] });
    expect(awardWinner(tie, { candidates: [A, B], winnerProposalId: B })).toEqual({ kind: 'winner', proposalId: B });
  });

  it('needs a new draw when the tie holds a proposal the last draw did not include', () => {
    // A won a draw against B, then A was disqualified: B and C now tie at rank 1.
    expect(awardWinner(ranked({ [B]: 500, [C]: 500 }), { candidates: [A, B], winnerProposalId: A })).toEqual({
      kind: 'tie',
      tiedProposalIds: [B, C],
    });
  });

  it('has no winner when no proposal is acceptable', () => {
    const none = rank('min_quality_lowest_price', [
      { proposalId: A, priceCents: 500, qualityScore: '60.00', acceptable: false },
    ]);
    expect(awardWinner(none, null)).toEqual({ kind: 'none' });
    expect(awardWinner(rank('min_quality_lowest_price', []), null)).toEqual({ kind: 'none' });
  });
});

describe('drawDecides', () => {
  it.each([
    [
      'its winner is tied and every tied proposal was a candidate',
      { candidates: [A, B, C], winnerProposalId: C },
      [B, C],
      true,
    ],
    [
      'ids compare case-insensitively',
      { candidates: [A.toUpperCase(), B], winnerProposalId: A.toUpperCase() },
      [A, B],
      true,
    ],
    ['its winner is no longer tied at rank 1', { candidates: [A, B, C], winnerProposalId: A }, [B, C], false],
    ['a tied proposal was not a candidate', { candidates: [A, B], winnerProposalId: A }, [A, C], false],
  ])('%s → %s', (_label, draw, tied, expected) => {
    expect(drawDecides(draw, tied)).toBe(expected);
  });

  it('is false without a draw', () => {
    expect(drawDecides(null, [A, B])).toBe(false);
  });
});
