import { AuditService } from '../../src/audit/audit.service';
import { seedOpportunity, sqlOf, Sql } from '../support/opportunity-seed';
import { lockScores, markAwarded, SeededProposal, seedProposal } from '../support/proposal-seed';
import {
  buyerOfNewPublicBody,
  createAccount,
  createVendorOrganization,
  expectEnvelope,
  loginAsAdmin,
  registerVendor,
  Session,
} from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * domain.md §5.1, cell by cell, through the HTTP API: single read, list, count (proposalCount
 * of GET /opportunities/:id) and attachment download, for every reader and phase.
 */
type Phase = 'beforeDeadline' | 'afterDeadline' | 'afterLock' | 'afterAward';
type Reader = 'own' | 'otherVendor' | 'anonymous' | 'owningBuyer' | 'otherBuyer' | 'auditor' | 'admin';
/** all: proposal with price; noPrice: proposal without price; count: only the number; nothing: 404. */
type Cell = 'all' | 'noPrice' | 'count' | 'nothing';

const PHASES: Phase[] = ['beforeDeadline', 'afterDeadline', 'afterLock', 'afterAward'];
const EXPECTED: Record<Reader, [Cell, Cell, Cell, Cell]> = {
  own: ['all', 'all', 'all', 'all'],
  otherVendor: ['nothing', 'count', 'count', 'count'],
  anonymous: ['nothing', 'count', 'count', 'count'],
  owningBuyer: ['nothing', 'count', 'count', 'all'],
  otherBuyer: ['nothing', 'count', 'count', 'count'],
  auditor: ['nothing', 'noPrice', 'all', 'all'],
  admin: ['nothing', 'count', 'count', 'all'],
};
const READERS = Object.keys(EXPECTED) as Reader[];
const CASES = READERS.flatMap((r) => PHASES.map((p, i) => [r, p, EXPECTED[r][i]] as [Reader, Phase, Cell]));
const PRICE = 4_321_987;

describe('Sealed bids (domain.md §5.1)', () => {
  let t: TestApp;
  let sql: Sql;
  const sessions = {} as Record<Exclude<Reader, 'anonymous'>, Session>;
  let ownVendorId: string;
  const opportunities = {} as Record<Phase, string>;
  const proposals = {} as Record<Phase, SeededProposal>;
  const competitorDrafts = {} as Record<Phase, string>;

  const as = (reader: Reader) => (reader === 'anonymous' ? {} : sessions[reader].auth);

  beforeAll(async () => {
    t = await startTestApp({ redis: false, label: 'sealed_table' });
    sql = sqlOf(t.dataSource);
    sessions.admin = await loginAsAdmin(t);
    const owning = await buyerOfNewPublicBody(t, sessions.admin);
    sessions.owningBuyer = owning;
    sessions.otherBuyer = await buyerOfNewPublicBody(t, sessions.admin);
    sessions.auditor = await createAccount(t, sessions.admin, 'auditor');
    sessions.own = await registerVendor(t, 'Membre');
    sessions.otherVendor = await registerVendor(t, 'Concurrent');
    ownVendorId = (await createVendorOrganization(t, sessions.own)).id;
    const competitorId = (await createVendorOrganization(t, sessions.otherVendor)).id;

    const deadlines: Record<Phase, string> = {
      beforeDeadline: '10 days',
      afterDeadline: '-1 hour',
      afterLock: '-3 days',
      afterAward: '-10 days',
    };
    const statuses = {
      beforeDeadline: 'SUBMITTED',
      afterDeadline: 'SUBMITTED',
      afterLock: 'QUALIFIED',
      afterAward: 'AWARDED',
    } as const;
    for (const phase of PHASES) {
      const o = await seedOpportunity(sql, {
        publicBodyId: owning.publicBodyId,
        createdById: owning.userId,
        status: phase === 'beforeDeadline' || phase === 'afterDeadline' ? 'PUBLISHED' : 'EVALUATION',
        title: `Opportunité ${phase}`,
        deadlineIn: deadlines[phase],
        publishedAgo: '20 days',
      });
      opportunities[phase] = o.id;
      if (phase === 'afterLock') await lockScores(sql, o.id);
      if (phase === 'afterAward') await markAwarded(sql, o.id);
      proposals[phase] = await seedProposal(sql, {
        opportunityId: o.id,
        vendorId: ownVendorId,
        authorId: sessions.own.userId,
        status: statuses[phase],
        priceCents: PRICE,
        responseText: `Réponse scellée ${phase}`,
        attachments: [{ fileName: `offre-${phase}.pdf`, content: `%PDF contenu ${phase}` }],
      });
      competitorDrafts[phase] = (
        await seedProposal(sql, {
          opportunityId: o.id,
          vendorId: competitorId,
          authorId: sessions.otherVendor.userId,
          status: 'DRAFT',
          priceCents: 100,
        })
      ).id;
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  describe.each(CASES)('%s during %s sees %s', (reader, phase, cell) => {
    it('single read', async () => {
      const res = await t.http().get(`/api/v1/proposals/${proposals[phase].id}`).set(as(reader));
      if (cell === 'nothing' || cell === 'count') {
        expect(res.status).toBe(404);
        expectEnvelope(res, 'NOT_FOUND');
        return;
      }
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(proposals[phase].id);
      expect(res.body.responses[0].text).toContain(`Réponse scellée ${phase}`);
      expect(res.body.attachments.map((a: { fileName: string }) => a.fileName)).toEqual([`offre-${phase}.pdf`]);
      if (cell === 'all') {
        expect(res.body.priceCents).toBe(PRICE);
        expect(res.body.receiptHash).toMatch(/^[0-9a-f]{64}$/);
      } else {
        expect(res.body).not.toHaveProperty('priceCents');
        expect(res.body).not.toHaveProperty('receiptHash');
        expect(JSON.stringify(res.body)).not.toContain(String(PRICE));
      }
    });

    it('list', async () => {
      const res = await t
        .http()
        .get(`/api/v1/opportunities/${opportunities[phase]}/proposals`)
        .set(as(reader))
        .expect(200);
      const ids = (res.body.items as { id: string; priceCents?: number }[]).map((i) => i.id);
      const expected = [
        ...(cell === 'all' || cell === 'noPrice' ? [proposals[phase].id] : []),
        ...(reader === 'otherVendor' ? [competitorDrafts[phase]] : []),
      ];
      expect(ids.sort()).toEqual(expected.sort());
      expect(res.body.total).toBe(expected.length);
      const own = (res.body.items as { id: string; priceCents?: number }[]).find((i) => i.id === proposals[phase].id);
      if (own) expect(own.priceCents).toBe(cell === 'all' ? PRICE : undefined);
    });

    it('count', async () => {
      const res = await t.http().get(`/api/v1/opportunities/${opportunities[phase]}`).set(as(reader)).expect(200);
      if (cell === 'nothing' || (reader === 'own' && phase === 'beforeDeadline')) {
        expect(res.body).not.toHaveProperty('proposalCount');
      } else {
        // Drafts are never counted.
        expect(res.body.proposalCount).toBe(1);
      }
    });

    it('attachment download', async () => {
      const attachment = proposals[phase].attachments[0];
      const res = await t
        .http()
        .get(`/api/v1/proposals/${proposals[phase].id}/attachments/${attachment.id}`)
        .set(as(reader))
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      if (cell === 'nothing' || cell === 'count') {
        expect(res.status).toBe(404);
        return;
      }
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/pdf/);
      expect(res.headers['x-content-sha256']).toBe(attachment.sha256);
      expect(Buffer.compare(res.body as Buffer, attachment.content)).toBe(0);
    });
  });

  it.each(PHASES)('a draft never submitted exists for its own organization only (%s)', async (phase) => {
    for (const reader of READERS) {
      const res = await t.http().get(`/api/v1/proposals/${competitorDrafts[phase]}`).set(as(reader));
      expect([reader, res.status]).toEqual([reader, reader === 'otherVendor' ? 200 : 404]);
    }
  });

  it('an attachment of another proposal, or an unknown one, is 404', async () => {
    const other = proposals.afterAward.attachments[0].id;
    await t.http().get(`/api/v1/proposals/${proposals.afterLock.id}/attachments/${other}`).set(as('own')).expect(404);
    await t
      .http()
      .get(`/api/v1/proposals/${proposals.afterLock.id}/attachments/00000000-0000-4000-8000-000000000000`)
      .set(as('own'))
      .expect(404);
  });

  it('lists an organization’s proposals for its members only', async () => {
    const res = await t.http().get(`/api/v1/vendors/${ownVendorId}/proposals`).set(as('own')).expect(200);
    expect((res.body.items as { id: string }[]).map((i) => i.id).sort()).toEqual(
      PHASES.map((p) => proposals[p].id).sort(),
    );
    expect(res.body.total).toBe(4);
    for (const reader of ['otherVendor'] as const) {
      const other = await t.http().get(`/api/v1/vendors/${ownVendorId}/proposals`).set(as(reader));
      expect(other.status).toBe(404);
    }
    for (const reader of ['admin', 'auditor', 'owningBuyer'] as const) {
      const res2 = await t.http().get(`/api/v1/vendors/${ownVendorId}/proposals`).set(as(reader));
      expect([reader, res2.status]).toEqual([reader, 403]);
    }
  });

  it('paging never counts what the reader may not see', async () => {
    const res = await t
      .http()
      .get(`/api/v1/opportunities/${opportunities.beforeDeadline}/proposals`)
      .query({ page: 3, pageSize: 1 })
      .set(as('admin'))
      .expect(200);
    expect(res.body).toEqual({ items: [], page: 3, pageSize: 1, total: 0 });
  });

  it('shows e-mails about a proposal (its receipt names the bidder) only where the table gives its content', async () => {
    for (const phase of PHASES) {
      await sql(
        `INSERT INTO notification (dedup_key, recipient_user_id, recipient_email, language, template, entity_type, entity_id, data)
         VALUES ($1, $2, $3, 'fr', 'proposal-receipt', 'proposal', $4, '{}'::jsonb)`,
        [`proposal-receipt:${proposals[phase].id}:1`, sessions.own.userId, sessions.own.email, proposals[phase].id],
      );
    }
    // Auditors know who bid once the call is closed; admins only the number until the award (§5.1).
    const expected = {
      auditor: { beforeDeadline: 0, afterDeadline: 1, afterLock: 1, afterAward: 1 },
      admin: { beforeDeadline: 0, afterDeadline: 0, afterLock: 0, afterAward: 1 },
    };
    for (const reader of ['auditor', 'admin'] as const) {
      for (const phase of PHASES) {
        const res = await t
          .http()
          .get('/api/v1/notifications')
          .query({ entityId: proposals[phase].id })
          .set(as(reader))
          .expect(200);
        expect([reader, phase, res.body.total, res.body.items.length]).toEqual([
          reader,
          phase,
          expected[reader][phase],
          expected[reader][phase],
        ]);
      }
      // Searching by the recipient tells nothing more.
      const byRecipient = await t
        .http()
        .get('/api/v1/notifications')
        .query({ recipient: sessions.own.email })
        .set(as(reader))
        .expect(200);
      expect(byRecipient.body.total).toBe(Object.values(expected[reader]).reduce((x, y) => x + y, 0));
    }
  });

  it('hides proposal audit events from everyone before the deadline', async () => {
    const audit = t.app.get(AuditService);
    await t.dataSource.transaction(async (em) => {
      await audit.append(em, { actorId: sessions.own.userId, actorRole: 'vendor', requestId: null }, [
        { action: 'proposals.submit', entityType: 'proposal', entityId: proposals.beforeDeadline.id, data: {} },
        { action: 'proposals.submit', entityType: 'proposal', entityId: proposals.afterDeadline.id, data: {} },
      ]);
    });
    for (const reader of ['auditor', 'admin'] as const) {
      const before = await t
        .http()
        .get('/api/v1/audit/events')
        .query({ entityId: proposals.beforeDeadline.id })
        .set(as(reader))
        .expect(200);
      expect(before.body).toMatchObject({ items: [], total: 0 });
      const after = await t
        .http()
        .get('/api/v1/audit/events')
        .query({ entityId: proposals.afterDeadline.id })
        .set(as(reader))
        .expect(200);
      expect(after.body.total).toBe(1);
      const all = await t.http().get('/api/v1/audit/events').query({ pageSize: 100 }).set(as(reader)).expect(200);
      expect(JSON.stringify(all.body)).not.toContain(proposals.beforeDeadline.id);
    }
  });
});
