import { ReleaseWriter } from '../../src/common/command/release-seam';
import { runWrites } from '../../src/common/util/sql-writes';
import { buyerOfNewPublicBody, loginAsAdmin, publishOpportunity } from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The numbering of an ocid's releases (docs/open-data.md): `<ocid>-<n>`, n gapless per ocid,
 * also when commands on one ocid commit at once. The writer takes the per-ocid lock in its
 * read of the state and reads the next number in its INSERT, a later statement, whose snapshot
 * sees the release of whoever held the lock before; the command runs that INSERT in its last
 * statement with its jobs and audit events.
 */
describe('OCDS release numbering under concurrent commands', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ label: 'ocdsnum', redis: false, env: { MIN_TENDER_PERIOD_DAYS: '0' } });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('numbers releases written by concurrent transactions on one ocid 1, 2, 3… without a gap or a clash', async () => {
    const admin = await loginAsAdmin(t);
    const buyer = await buyerOfNewPublicBody(t, admin);
    const o = await publishOpportunity(t, { admin, buyer });
    const writer = t.app.get(ReleaseWriter);
    const concurrent = 6;
    // All start at once: the first to read takes the lock, the others wait in their read.
    await Promise.all(
      Array.from({ length: concurrent }, () =>
        t.dataSource.transaction(async (em) => {
          const writes = await writer.insertions(em, [
            { ocid: o.ocid, tags: ['tenderUpdate'], entityType: 'opportunity', entityId: o.id },
          ]);
          expect(writes).toHaveLength(1);
          await runWrites(em, writes);
        }),
      ),
    );
    const rows = await t.dataSource.query<{ release_seq: number; release_id: string; id: string }[]>(
      `SELECT release_seq, release_id, release->>'id' AS id FROM ocds_release WHERE ocid = $1 ORDER BY release_seq`,
      [o.ocid],
    );
    expect(rows.map((r) => r.release_seq)).toEqual(Array.from({ length: concurrent + 1 }, (_, i) => i + 1));
    for (const r of rows) {
      expect(r.release_id).toBe(`${o.ocid}-${r.release_seq}`);
      expect(r.id).toBe(r.release_id);
    }
  });
});
