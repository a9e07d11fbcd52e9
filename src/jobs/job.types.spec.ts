import { backoffMs, queueOf } from './job.types';

describe('backoffMs (shared by both drivers)', () => {
  it.each([
    [0, 1_000],
    [1, 1_000],
    [2, 2_000],
    [3, 4_000],
    [4, 8_000],
    [9, 256_000],
    [10, 300_000],
    [50, 300_000],
  ])('after attempt %i waits %i ms', (attempt, ms) => {
    expect(backoffMs(attempt)).toBe(ms);
  });

  it('never decreases', () => {
    const delays = Array.from({ length: 30 }, (_, i) => backoffMs(i + 1));
    expect(delays).toEqual([...delays].sort((a, b) => a - b));
  });
});

describe('queueOf', () => {
  it.each([
    ['notifications.opportunity-published', 'notifications'],
    ['forge.publish', 'forge'],
    ['exports.bulk.part', 'exports'],
  ])('%s → %s', (name, queue) => {
    expect(queueOf(name)).toBe(queue);
  });

  it.each(['publish', '.publish', ''])('refuses the name "%s"', (name) => {
    expect(() => queueOf(name)).toThrow(/<queue>\.<action>/);
  });
});
