import {
  cellsAllowing,
  proposalAccess,
  READER_KINDS,
  ReaderKind,
  SEALED_BID_TABLE,
  SEALED_PHASES,
  SealedPhase,
} from './sealed-bids';

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

  it('covers every cell: each (reader, phase) once, the table has no other, and cellsAllowing agrees', () => {
    const key = ([r, p]: readonly [string, string]) => `${r}/${p}`;
    const every = READER_KINDS.flatMap((r) => SEALED_PHASES.map((p) => `${r}/${p}`)).sort();
    expect(CELLS.map((c) => key([c[0], c[1]])).sort()).toEqual(every);
    expect(
      Object.entries(SEALED_BID_TABLE)
        .flatMap(([r, phases]) => Object.keys(phases).map((p) => `${r}/${p}`))
        .sort(),
    ).toEqual(every);
    (['exists', 'content', 'price', 'count'] as const).forEach((part, i) => {
      const expected = CELLS.filter((c) => c[2 + i]).map((c) => key([c[0], c[1]]));
      expect(cellsAllowing(part).map(key).sort()).toEqual(expected.sort());
    });
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
