import { SqlParams } from './sql-params';

describe('SqlParams', () => {
  it('numbers parameters in the order they are added, after the initial ones', () => {
    const initial = ['a'];
    const params = new SqlParams(initial);
    expect(params.add('b')).toBe('$2');
    expect(params.add(3)).toBe('$3');
    expect(params.values).toEqual(['a', 'b', 3]);
    expect(initial).toEqual(['a']); // copied, never shared
    expect(new SqlParams().add(null)).toBe('$1');
  });
});
