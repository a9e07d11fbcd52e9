import { isDeepStrictEqual } from 'node:util';
import { passDeadline, submitProposals, Tender } from '../support/evaluation-story';
import { createAccount, Session } from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';

interface ListedEvent {
  seq: number;
  action: string;
  entityId: string | null;
  actorId: string | null;
  data: Record<string, unknown>;
  hash: string | null;
  prevHash: string | null;
}

interface StoredEvent {
  seq: string;
  actor_id: string | null;
  data: Record<string, unknown>;
  hash: string;
  prev_hash: string;
}

/**
 * An audit event's hash covers all it stored (domain.md §8). Beside an event whose sealed keys
 * or author were removed for the reader, it would confirm a guess — which vendor, which member
 * — by recomputing it with each candidate (issue 13, finding 8). So the hash of a redacted or
 * hidden event is withheld, in its row and in the next row's `prevHash`; every other event
 * keeps both links.
 */
describe('Audit hashes never confirm what is sealed', () => {
  let t: TestApp;
  let tender: Tender;
  let auditor: Session;

  beforeAll(async () => {
    t = await startTestApp({ label: 'audit-hashes', redis: false });
    tender = await submitProposals(t, [
      { priceCents: 5_000_000, consensus: [80, 80, 80] },
      { priceCents: 4_000_000, consensus: [75, 75, 75] },
    ]);
    auditor = await createAccount(t, tender.admin, 'auditor');
  });

  afterAll(async () => {
    await t?.close();
  });

  async function everyEvent(reader: Session): Promise<ListedEvent[]> {
    const items: ListedEvent[] = [];
    for (let page = 1; ; page++) {
      const res = await t
        .http()
        .get('/api/v1/audit/events')
        .query({ page, pageSize: 100 })
        .set(reader.auth)
        .expect(200);
      items.push(...(res.body.items as ListedEvent[]));
      if (items.length >= res.body.total) return items;
    }
  }

  /** Checks the rule over the whole log as `reader` reads it; returns the number of withheld hashes. */
  async function checkLinks(reader: Session): Promise<number> {
    const stored = new Map(
      (
        (await t.dataSource.query(
          `SELECT seq::text, actor_id, data, hash, prev_hash FROM audit_event ORDER BY seq`,
        )) as StoredEvent[]
      ).map((e) => [e.seq, e]),
    );
    const listed = await everyEvent(reader);
    const whole = new Set(
      listed
        .filter((e) => {
          const s = stored.get(String(e.seq))!;
          return e.actorId === s.actor_id && isDeepStrictEqual(e.data, s.data);
        })
        .map((e) => e.seq),
    );
    let withheld = 0;
    for (const e of listed) {
      const s = stored.get(String(e.seq))!;
      expect([e.seq, e.hash]).toEqual([e.seq, whole.has(e.seq) ? s.hash : null]);
      const previousWhole = e.seq === 1 || whole.has(e.seq - 1);
      expect([e.seq, e.prevHash]).toEqual([e.seq, previousWhole ? s.prev_hash : null]);
      if (e.hash === null) withheld += 1;
    }
    return withheld;
  }

  const submitEvent = async (reader: Session) =>
    (await everyEvent(reader)).find(
      (e) => e.action === 'proposals.submit' && e.entityId === tender.bidders[0].proposalId,
    );

  it('before the deadline, the event after a hidden submission does not carry its hash', async () => {
    for (const reader of [tender.admin, auditor]) {
      expect(await submitEvent(reader)).toBeUndefined();
      await checkLinks(reader);
    }
  });

  it('between the deadline and the award, admins read submissions without author nor hash; auditors whole', async () => {
    await passDeadline(t, tender);
    const forAdmin = await submitEvent(tender.admin);
    expect(forAdmin).toMatchObject({ actorId: null, hash: null });
    expect(forAdmin!.data).not.toHaveProperty('vendorId');
    expect(await checkLinks(tender.admin)).toBeGreaterThanOrEqual(2);
    const forAuditor = await submitEvent(auditor);
    expect(forAuditor!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(forAuditor!.data).toHaveProperty('vendorId', tender.bidders[0].vendorId);
    await checkLinks(auditor);
  });

  it('after the award, admins read the submissions whole, with their hashes', async () => {
    await t.dataSource.query(`UPDATE opportunity SET status = 'AWARDED' WHERE id = $1`, [tender.opportunity.id]);
    expect((await submitEvent(tender.admin))!.hash).toMatch(/^[0-9a-f]{64}$/);
    await checkLinks(tender.admin);
  });
});
