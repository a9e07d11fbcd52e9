import { individualScoreProblems, scoreText } from './scoring.rules';

describe('scoreText', () => {
  it.each<[unknown, string | null]>([
    [0, '0'],
    [100, '100'],
    [85.5, '85.5'],
    ['72.25', '72.25'],
    [100.01, null],
    [-1, null],
    [85.123, null],
    ['abc', null],
    [null, null],
    [Number.NaN, null],
  ])('%p → %p', (value, expected) => {
    expect(scoreText(value)).toBe(expected);
  });
});

describe('individualScoreProblems', () => {
  const ids = ['a', 'b'];
  it.each<[string, { criterionId: string; score: unknown }[], string[]]>([
    [
      'complete and valid',
      [
        { criterionId: 'a', score: 80 },
        { criterionId: 'b', score: '90.5' },
      ],
      [],
    ],
    [
      'a score out of range',
      [
        { criterionId: 'a', score: 101 },
        { criterionId: 'b', score: 90 },
      ],
      ['scores[0].score'],
    ],
    [
      'an unknown criterion',
      [
        { criterionId: 'a', score: 80 },
        { criterionId: 'b', score: 80 },
        { criterionId: 'z', score: 80 },
      ],
      ['scores[2].criterionId'],
    ],
    [
      'a repeated criterion',
      [
        { criterionId: 'a', score: 80 },
        { criterionId: 'a', score: 80 },
        { criterionId: 'b', score: 80 },
      ],
      ['scores[1].criterionId'],
    ],
    ['a missing criterion', [{ criterionId: 'a', score: 80 }], ['scores']],
  ])('%s', (_case, scores, paths) => {
    expect(individualScoreProblems(ids, scores).map((p) => p.path)).toEqual(paths);
  });
});
