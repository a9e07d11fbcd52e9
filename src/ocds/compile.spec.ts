import { compileReleases } from './compile';
import { mergeRequests } from './ocds-release.writer';

describe('compileReleases (OCDS merge rules)', () => {
  const base = { ocid: 'ocds-ech000-EEC-2026-0001', initiationType: 'tender' };

  it('later releases override, arrays of objects merge by id, other arrays are replaced, null removes', () => {
    const compiled = compileReleases([
      {
        ...base,
        id: 'r-2',
        date: '2026-02-01T00:00:00.000Z',
        tag: ['award'],
        tender: { status: 'complete', numberOfTenderers: 3 },
        parties: [{ id: 'b', name: 'Bêta inc.', roles: ['tenderer', 'supplier'] }],
        awards: [{ id: 'a', status: 'active' }],
      },
      {
        ...base,
        id: 'r-1',
        date: '2026-01-01T00:00:00.000Z',
        tag: ['tender'],
        tender: { status: 'active', title: 'Titre', submissionMethod: ['electronicSubmission', 'inPerson'] },
        parties: [
          { id: 'op', name: 'Ministère', roles: ['buyer'] },
          { id: 'b', name: 'Bêta', roles: ['tenderer'] },
        ],
        note: 'disparaît',
      },
      {
        ...base,
        id: 'r-3',
        date: '2026-03-01T00:00:00.000Z',
        tag: ['tenderUpdate'],
        note: null,
        tender: { submissionMethod: ['electronicSubmission'] },
      },
    ]);
    expect(compiled).toEqual({
      ...base,
      id: 'ocds-ech000-EEC-2026-0001-compiled',
      date: '2026-03-01T00:00:00.000Z',
      tag: ['compiled'],
      tender: { status: 'complete', title: 'Titre', numberOfTenderers: 3, submissionMethod: ['electronicSubmission'] },
      parties: [
        { id: 'op', name: 'Ministère', roles: ['buyer'] },
        { id: 'b', name: 'Bêta inc.', roles: ['tenderer', 'supplier'] },
      ],
      awards: [{ id: 'a', status: 'active' }],
    });
  });

  it('one release per ocid and command, tags merged in codelist order; sealed (untagged) requests write nothing', () => {
    expect(
      mergeRequests([
        { ocid: 'x', tags: ['award'], entityType: 'proposal', entityId: '2' },
        { ocid: 'x', tags: ['contract', 'award'], entityType: 'opportunity', entityId: '1' },
        { ocid: 'y', tags: [], entityType: 'proposal', entityId: '3' },
      ]),
    ).toEqual([{ ocid: 'x', tags: ['award', 'contract'], entities: ['opportunity:1', 'proposal:2'] }]);
  });
});
