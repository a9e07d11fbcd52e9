import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it.each([
    ['keys sorted by code point', { b: 1, a: 2, B: 3, é: 4, _: 5 }, '{"B":3,"_":5,"a":2,"b":1,"é":4}'],
    ['insertion order does not matter', { z: 1, y: { d: 1, c: 2 } }, '{"y":{"c":2,"d":1},"z":1}'],
    ['nested objects and arrays keep array order', { a: [{ y: 1, x: 2 }, [3, 1, 2]] }, '{"a":[{"x":2,"y":1},[3,1,2]]}'],
    ['undefined members dropped', { a: undefined, b: null, c: { d: undefined } }, '{"b":null,"c":{}}'],
    ['undefined in an array becomes null (as JSON.stringify)', [1, undefined, 3], '[1,null,3]'],
    [
      'dates as ISO 8601 UTC with milliseconds',
      { at: new Date('2026-03-01T12:00:00-05:00') },
      '{"at":"2026-03-01T17:00:00.000Z"}',
    ],
    ['bigint as a decimal string', { n: 12345678901234567890n }, '{"n":"12345678901234567890"}'],
    ['strings escaped as JSON', { s: 'guillemets " et \\ et\nligne' }, '{"s":"guillemets \\" et \\\\ et\\nligne"}'],
    ['scalars', [true, false, 0, -1.5, 'x', null], '[true,false,0,-1.5,"x",null]'],
    ['empty containers', { o: {}, a: [] }, '{"a":[],"o":{}}'],
  ])('%s', (_case, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('gives the same text for equal values built in any order', () => {
    const a = { seq: 1, data: { x: [1, { q: 'r', p: 's' }], w: 'v' }, action: 'a' };
    const b = { action: 'a', data: { w: 'v', x: [1, { p: 's', q: 'r' }] }, seq: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
  });

  it('round-trips through JSON.parse to an equal value (what jsonb gives back)', () => {
    const value = { b: [1, 2, { d: 'é', c: null }], a: 'x' };
    const text = canonicalJson(value);
    expect(canonicalJson(JSON.parse(text))).toBe(text);
    expect(JSON.parse(text)).toEqual(value);
  });

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a function', () => 1],
    ['a symbol', Symbol('s')],
  ])('refuses %s', (_case, value) => {
    expect(() => canonicalJson({ v: value })).toThrow(TypeError);
  });
});
