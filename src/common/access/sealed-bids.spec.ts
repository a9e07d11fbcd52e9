import { cellsAllowing, proposalAccess, ReaderKind, SealedPhase } from './sealed-bids';

type Row = [ReaderKind, SealedPhase, boolean, boolean, boolean, boolean];

// reader, phase, exists, content, price, count — domain.md §5.1, one row per cell.
const CELLS: Row[] = [
  ['own', 'beforeDeadline', true, true, true, false],
  ['own', 'afterDeadline', true, true, true, true],
  ['own', 'afterLock', true, true, true, true],
  ['own', 'afterAward', true, true, true, true],
  ['other', 'beforeDeadline', false, false, false, false],
  ['other', 'afterDeadline', false, false, false, true],
  ['other', 'afterLock', false, false, false, true],
  ['other', 'afterAward', false, false, false, true],
  ['committee', 'beforeDeadline', false, false, false, false],
  ['committee', 'afterDeadline', true, true, false, true],
  ['committee', 'afterLock', true, true, true, true],
  ['committee', 'afterAward', true, true, true, true],
  ['owningBuyer', 'beforeDeadline', false, false, false, false],
  ['owningBuyer', 'afterDeadline', false, false, false, true],
  ['owningBuyer', 'afterLock', false, false, false, true],
  ['owningBuyer', 'afterAward', true, true, true, true],
  ['auditor', 'beforeDeadline', false, false, false, false],
  ['auditor', 'afterDeadline', true, true, false, true],
  ['auditor', 'afterLock', true, true, true, true],
  ['auditor', 'afterAward', true, true, true, true],
  ['admin', 'beforeDeadline', false, false, false, false],
  ['admin', 'afterDeadline', false, false, false, true],
  ['admin', 'afterLock', false, false, false, true],
  ['admin', 'afterAward', true, true, true, true],
];

describe('sealed-bid table (domain.md §5.1)', () => {
  it.each(CELLS)(
    '%s during %s: exists=%s content=%s price=%s count=%s',
    (reader, phase, exists, content, price, count) => {
      expect(proposalAccess(reader, phase, 'SUBMITTED')).toEqual({ exists, content, price, count });
    },
  );

  it('covers every cell', () => {
    expect(CELLS).toHaveLength(24);
  });

  it.each(['DRAFT', 'WITHDRAWN'])('a %s proposal exists for its own organization only, at every phase', (status) => {
    for (const [reader, phase] of CELLS.map((c) => [c[0], c[1]] as const)) {
      expect(proposalAccess(reader, phase, status).exists).toBe(reader === 'own');
    }
  });

  it('nothing is readable by anyone but the own organization before the deadline', () => {
    expect(cellsAllowing('exists').filter(([r, p]) => p === 'beforeDeadline' && r !== 'own')).toEqual([]);
    expect(cellsAllowing('count').filter(([, p]) => p === 'beforeDeadline')).toEqual([]);
  });
});
