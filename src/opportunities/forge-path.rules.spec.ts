import { assertForgePath, forgePathUnderGroup } from './forge-path.rules';

describe('forge project path under the public body group', () => {
  it.each([
    ['gouv/echanges/outil', 'gouv', true],
    ['Gouv/Echanges/outil', 'gouv/echanges/', true],
    ['gouv', 'gouv', false],
    ['gouvernement/outil', 'gouv', false],
    ['autre/outil', 'gouv', false],
    ['gouv//outil', 'gouv', false],
  ])('%s under %s: %s', (project, group, expected) => {
    expect(forgePathUnderGroup(project, group)).toBe(expected);
  });

  it('refuses publication with the field named', () => {
    expect(() => assertForgePath('autre/outil', 'gouv/mcn')).toThrow(
      expect.objectContaining({ code: 'INCOMPLETE_OPPORTUNITY' }),
    );
    expect(() => assertForgePath('gouv/mcn/outil', 'gouv/mcn')).not.toThrow();
  });
});
