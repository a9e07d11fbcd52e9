import { randomUUID } from 'node:crypto';
import { AuditService } from '../../src/audit/audit.service';
import { seedOpportunity, sqlOf } from '../support/opportunity-seed';
import { seedProposal } from '../support/proposal-seed';
import {
  buyerOfNewPublicBody,
  createAccount,
  createVendorOrganization,
  loginAsAdmin,
  registerVendor,
  Session,
} from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Before the deadline, nothing of a sealed proposal reaches anyone but its organization
 * (domain.md §5.1), on EVERY route: this walks every GET of the OpenAPI document, with the
 * seeded ids wherever a path parameter fits, as a competitor, the owning buyer, an auditor
 * and an admin, and looks for the proposal in every answer.
 */
const PRICE = 7_654_321;
const RESPONSE_TEXT = 'Approche confidentielle quetzal-orchidée';
const ATTACHMENT_NAME = 'plan-secret-quetzal.pdf';

interface OpenApi {
  paths: Record<string, Record<string, unknown>>;
}

/** Every key mentioning proposals or tenderers whose value is a number: a count. */
function countKeys(value: unknown, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => countKeys(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => [
      ...(/proposal|tender|bid|soumission/i.test(k) && typeof v === 'number' ? [`${path}.${k}`] : []),
      ...countKeys(v, `${path}.${k}`),
    ]);
  }
  return [];
}

describe('No sealed proposal leaks before the deadline (every GET route)', () => {
  let t: TestApp;
  let ids: { opportunity: string; proposal: string; vendor: string; attachment: string; ocid: string };
  const readers = {} as Record<'competitor' | 'buyer' | 'auditor' | 'admin', Session>;
  let member: Session;
  let proposalIds: string[];

  beforeAll(async () => {
    t = await startTestApp({ redis: false, label: 'leak_openapi' });
    const sql = sqlOf(t.dataSource);
    readers.admin = await loginAsAdmin(t);
    const buyer = await buyerOfNewPublicBody(t, readers.admin);
    readers.buyer = buyer;
    readers.auditor = await createAccount(t, readers.admin, 'auditor');
    readers.competitor = await registerVendor(t, 'Concurrent');
    await createVendorOrganization(t, readers.competitor);
    member = await registerVendor(t, 'Soumissionnaire');
    const vendor = await createVendorOrganization(t, member);
    const o = await seedOpportunity(sql, {
      publicBodyId: buyer.publicBodyId,
      createdById: buyer.userId,
      title: 'Portail scellé',
      deadlineIn: '5 days',
    });
    const [row] = await sql(`SELECT ocid FROM opportunity WHERE id = $1`, [o.id]);
    const p = await seedProposal(sql, {
      opportunityId: o.id,
      vendorId: vendor.id,
      authorId: member.userId,
      status: 'SUBMITTED',
      priceCents: PRICE,
      responseText: RESPONSE_TEXT,
      versions: 2,
      attachments: [{ fileName: ATTACHMENT_NAME, content: 'contenu scellé' }],
    });
    proposalIds = [p.id];
    // Two more bidders, so that a count would read 3.
    for (const name of ['Deuxième', 'Troisième']) {
      const other = await registerVendor(t, name);
      const org = await createVendorOrganization(t, other);
      proposalIds.push(
        (
          await seedProposal(sql, {
            opportunityId: o.id,
            vendorId: org.id,
            authorId: other.userId,
            priceCents: PRICE,
            responseText: RESPONSE_TEXT,
          })
        ).id,
      );
    }
    await t.dataSource.transaction((em) =>
      t.app
        .get(AuditService)
        .append(em, { actorId: member.userId, actorRole: 'vendor', requestId: null }, [
          { action: 'proposals.submit', entityType: 'proposal', entityId: p.id, data: { vendorId: vendor.id } },
        ]),
    );
    // The receipt e-mail of the submission (its row is listed by GET /notifications).
    await sql(
      `INSERT INTO notification (dedup_key, recipient_user_id, recipient_email, language, template, entity_type, entity_id, data)
       VALUES ($1, $2, $3, 'fr', 'proposal-receipt', 'proposal', $4, $5::jsonb)`,
      [
        `proposal-receipt:${p.id}:1`,
        member.userId,
        member.email,
        p.id,
        JSON.stringify({ proposalId: p.id, opportunityId: o.id }),
      ],
    );
    ids = { opportunity: o.id, proposal: p.id, vendor: vendor.id, attachment: p.attachments[0].id, ocid: row.ocid };
  });

  afterAll(async () => {
    await t?.close();
  });

  const secrets = () => [
    ...proposalIds,
    RESPONSE_TEXT,
    String(PRICE),
    (PRICE / 100).toFixed(2),
    '76 543,21',
    '76 543,21',
    ATTACHMENT_NAME,
  ];

  async function getRoutes(): Promise<string[]> {
    const res = await t.http().get('/api/docs/openapi.json').expect(200);
    const doc = res.body as OpenApi;
    return Object.entries(doc.paths)
      .filter(([, ops]) => 'get' in ops)
      .map(([path]) => path);
  }

  /** Every way to fill the path's parameters with the seeded ids (or an unknown one). */
  function urls(path: string): string[] {
    const candidates = [ids.opportunity, ids.proposal, ids.vendor, ids.attachment, ids.ocid, randomUUID()];
    let result = [path];
    for (const param of path.match(/\{[^}]+\}/g) ?? []) {
      result = result.flatMap((u) => candidates.map((c) => u.replace(param, c)));
    }
    return result;
  }

  it('the walk finds the proposal where its organization reads it (the detector works)', async () => {
    const res = await t.http().get(`/api/v1/proposals/${ids.proposal}`).set(member.auth).expect(200);
    expect(res.text).toContain(ids.proposal);
    expect(res.text).toContain(RESPONSE_TEXT);
    expect(res.text).toContain(String(PRICE));
    expect(res.text).toContain(ATTACHMENT_NAME);
  });

  it.each(['competitor', 'buyer', 'auditor', 'admin'] as const)(
    'as %s: no GET route reveals the proposal, its price, attachment or count',
    async (reader) => {
      const routes = await getRoutes();
      expect(routes).toEqual(
        expect.arrayContaining([
          '/api/v1/proposals/{id}',
          '/api/v1/opportunities/{id}/proposals',
          '/api/v1/audit/events',
          '/api/v1/opportunities/{id}',
        ]),
      );
      const leaks: string[] = [];
      let calls = 0;
      for (const route of routes) {
        for (const url of urls(route)) {
          for (const query of [{}, { pageSize: 100 }, { entityId: ids.proposal, pageSize: 100 }]) {
            const res = await t.http().get(url).query(query).set(readers[reader].auth);
            calls += 1;
            const text = res.text ?? (Buffer.isBuffer(res.body) ? res.body.toString('utf8') : '');
            for (const secret of secrets()) {
              if (text.includes(secret))
                leaks.push(`${url} ${JSON.stringify(query)} → ${res.status} contains ${secret}`);
            }
            if ((res.headers['content-type'] ?? '').includes('json')) {
              for (const key of countKeys(res.body))
                leaks.push(`${url} ${JSON.stringify(query)} → ${res.status} has a count at ${key}`);
            }
          }
        }
      }
      expect(calls).toBeGreaterThan(routes.length);
      expect(leaks).toEqual([]);
    },
  );
});
