import {
  isOurProject,
  liesUnderGroup,
  manifestSha256,
  modeFor,
  PublicationFacts,
  splitProjectPath,
  stepsOf,
} from './forge.rules';

const facts = {
  contractId: '0b4d5c1e-0000-4000-8000-000000000001',
  contractReference: 'C-2027-0001',
} as PublicationFacts;

describe('forge rules', () => {
  it.each([
    ['mcn/echanges/outil', 'mcn/echanges', true],
    ['mcn/echanges/sous/outil', 'mcn/echanges', true],
    ['MCN/Echanges/outil', 'mcn/echanges/', true],
    ['mcn/echanges', 'mcn/echanges', false],
    ['mcn/echanges-bis/outil', 'mcn/echanges', false],
    ['autre/outil', 'mcn/echanges', false],
    ['mcn/echanges//outil', 'mcn/echanges', false],
  ])('%s under %s: %s', (project, group, expected) => {
    expect(liesUnderGroup(project, group)).toBe(expected);
  });

  it('splits a project path into its namespace and path', () => {
    expect(splitProjectPath('mcn/echanges/outil')).toEqual({ namespace: 'mcn/echanges', path: 'outil' });
  });

  it('picks the mode per group, else the instance mode', () => {
    const byGroup = 'mcn/echanges=pre-provisioned;sct/marche=delegated';
    expect(modeFor('MCN/echanges', 'delegated', byGroup)).toBe('pre-provisioned');
    expect(modeFor('sct/marche', 'pre-provisioned', byGroup)).toBe('delegated');
    expect(modeFor('autre', 'delegated', byGroup)).toBe('delegated');
    expect(stepsOf('pre-provisioned')).not.toContain('namespace');
  });

  it('recognises our project by its description marker or its topic, nothing else', () => {
    expect(isOurProject({ description: `… [echanges:${facts.contractId}]`, topics: [] }, facts)).toBe(true);
    expect(isOurProject({ description: null, topics: ['echanges-c-2027-0001'] }, facts)).toBe(true);
    expect(isOurProject({ description: 'Contrat C-2027-0001', topics: ['echanges'] }, facts)).toBe(false);
  });

  it('hashes the manifest independently of its order', () => {
    const a = { path: 'a', type: 'file', size: 1, sha256: '1' };
    const b = { path: 'b', type: 'file', size: 2, sha256: '2' };
    expect(manifestSha256([a, b])).toBe(manifestSha256([b, a]));
    expect(manifestSha256([a, b])).toMatch(/^[0-9a-f]{64}$/);
  });
});
