import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditService } from '../../src/audit/audit.service';
import { migrate, openDatabase } from '../../src/database/data-source.factory';
import { ALL_MIGRATIONS } from '../../migrations';
import { evaluationApi } from '../support/evaluation-api';
import { seedOpportunity, sqlOf } from '../support/opportunity-seed';
import { seedProposal } from '../support/proposal-seed';
import {
  buyerOfNewPublicBody,
  createAccount,
  login,
  loginAsAdmin,
  PASSWORD,
  seedVendor,
  unique,
} from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';

const MIGRATION_NAMES = ALL_MIGRATIONS.map((m) => (m as unknown as { name: string }).name);

describe('Embedded default: PGlite in memory, no PostgreSQL server, no Redis', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ embedded: true });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('ran every migration on boot', async () => {
    const rows = await t.dataSource.query(`SELECT name FROM typeorm_migration ORDER BY id`);
    expect(rows.map((r: { name: string }) => r.name)).toEqual(MIGRATION_NAMES);
    const [{ version }] = await t.dataSource.query(`SELECT current_setting('server_version_num')::int AS version`);
    expect(version).toBeGreaterThanOrEqual(150000); // real PostgreSQL (compiled to WebAssembly)
  });

  it('is ready: database up, jobs in-process', async () => {
    const res = await t.http().get('/health/ready').expect(200);
    expect(res.body).toEqual({ status: 'ok', checks: { database: 'up', queue: 'up', queueDriver: 'inline' } });
  });

  it('serves register → login → /me, writes audit events and verifies the chain', async () => {
    const email = `${unique('pglite')}@exemple.quebec`;
    const registered = await t
      .http()
      .post('/api/v1/auth/register')
      .send({ email, password: PASSWORD, name: 'Embarquée' })
      .expect(201);
    const session = await login(t, email, PASSWORD);
    const me = await t.http().get('/api/v1/me').set(session.auth).expect(200);
    expect(me.body).toMatchObject({ id: registered.body.id, email, role: 'vendor' });

    const events = await t.dataSource.query(`SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY seq`, [
      registered.body.id,
    ]);
    expect(events.map((e: { action: string }) => e.action)).toEqual(['users.create', 'auth.login']);
    const admin = await loginAsAdmin(t);
    const verify = await t.http().get('/api/v1/audit/verify').set(admin.auth).expect(200);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event`);
    expect(verify.body).toEqual({ valid: true, checked: n, firstBrokenSeq: null });
  });

  it('evaluates and awards on PGlite: lock, ranking, award, contract, result', async () => {
    const sql = sqlOf(t.dataSource);
    const admin = await loginAsAdmin(t);
    const owning = await buyerOfNewPublicBody(t, admin);
    const secretary = await createAccount(t, admin, 'buyer', owning.publicBodyId);
    const evaluators = [
      await createAccount(t, admin, 'buyer', owning.publicBodyId),
      await createAccount(t, admin, 'buyer', owning.publicBodyId),
      await createAccount(t, admin, 'evaluator'),
    ];
    const o = await seedOpportunity(sql, {
      publicBodyId: owning.publicBodyId,
      createdById: owning.userId,
      status: 'EVALUATION',
      title: 'Embarquée',
      deadlineIn: '-1 hour',
      publishedAgo: '20 days',
    });
    const bidders = [];
    for (const priceCents of [6_000_000, 5_000_000]) {
      const vendor = await seedVendor(t);
      const proposal = await seedProposal(sql, {
        opportunityId: o.id,
        vendorId: vendor.vendorId,
        authorId: vendor.userId,
        status: 'UNDER_EVALUATION',
        priceCents,
      });
      bidders.push({ vendor, proposalId: proposal.id });
    }
    const routes = evaluationApi(() => t);
    await t
      .http()
      .put(`/api/v1/opportunities/${o.id}/committee`)
      .set(owning.auth)
      .send({ secretaryId: secretary.userId, evaluatorIds: evaluators.map((e) => e.userId) })
      .expect(200);
    for (const member of [secretary, ...evaluators]) await routes.declare(member, o.id);
    const criteria = (
      await sql(`SELECT id FROM opportunity_criterion WHERE opportunity_id = $1 ORDER BY position`, [o.id])
    ).map((r) => r.id as string);
    for (const { proposalId } of bidders) {
      await routes
        .putConsensus(secretary, proposalId, {
          scores: criteria.map((criterionId) => ({ criterionId, score: 85, rationale: 'Consensus' })),
        })
        .expect(200);
    }
    const locked = await routes.lock(secretary, o.id).expect(200);
    // Q 85, K 30 %: 60 000.00 $ → 52 173.91 $ (domain.md's example); 50 000.00 $ → 43 478.26 $.
    expect(
      locked.body.items.map((i: { adjustedPriceCents: number; rank: number }) => [i.adjustedPriceCents, i.rank]),
    ).toEqual([
      [4_347_826, 1],
      [5_217_391, 2],
    ]);
    const awarded = await routes.award(owning, o.id, { proposalId: bidders[1].proposalId }).expect(200);
    expect(awarded.body.contractReference).toMatch(/^C-\d{4}-0001$/);
    const result = await routes.result(bidders[0].vendor, bidders[0].proposalId).expect(200);
    expect(result.body).toMatchObject({
      status: 'NOT_AWARDED',
      rank: 2,
      adjustedPriceCents: 5_217_391,
      winner: { priceCents: 5_000_000, adjustedPriceCents: 4_347_826 },
    });
    expect((await t.http().get(`/api/v1/opportunities/${o.id}`).expect(200)).body.award).toMatchObject({
      contractAmountCents: 5_000_000,
    });
  });

  it('submits a proposal on its one connection: the early transaction is the command’s, nothing waits for a second one', async () => {
    const sql = sqlOf(t.dataSource);
    const admin = await loginAsAdmin(t);
    const owning = await buyerOfNewPublicBody(t, admin);
    const o = await seedOpportunity(sql, {
      publicBodyId: owning.publicBodyId,
      createdById: owning.userId,
      status: 'PUBLISHED',
      title: 'Dépôt embarqué',
      deadlineIn: '1 day',
    });
    const vendor = await seedVendor(t);
    const draft = await seedProposal(sql, {
      opportunityId: o.id,
      vendorId: vendor.vendorId,
      authorId: vendor.userId,
      status: 'DRAFT',
      priceCents: 1_000_000,
    });
    const res = await t
      .http()
      .post(`/api/v1/proposals/${draft.id}/submit`)
      .set(vendor.auth)
      .set('Idempotency-Key', `embarque-${draft.id}`)
      .send({});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'SUBMITTED', version: 2 });
    const [row] = await t.dataSource.query(`SELECT status FROM proposal WHERE id = $1`, [draft.id]);
    expect(row.status).toBe('SUBMITTED');
    // A refused one (already submitted) leaves the connection free for the next request.
    const again = await t.http().post(`/api/v1/proposals/${draft.id}/submit`).set(vendor.auth).send({});
    expect([409, 422]).toContain(again.status);
    expect((await t.http().get('/health/ready')).status).toBe(200);
  });

  it('keeps the audit log append-only on PGlite too', async () => {
    await expect(t.dataSource.query(`UPDATE audit_event SET action = 'x' WHERE seq = 1`)).rejects.toThrow(
      /append-only/,
    );
    await expect(t.dataSource.query(`DELETE FROM audit_event`)).rejects.toThrow(/append-only/);
  });
});

describe('Embedded PGlite on disk', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'echanges-pglite-'));
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps its data across a close and a reopen, and does not run migrations again', async () => {
    const email = `${unique('disque')}@exemple.quebec`;

    // First start: the application on an empty directory migrates it and records an account.
    const first = await startTestApp({ embedded: true, env: { PGLITE_DIR: dir } });
    try {
      await first
        .http()
        .post('/api/v1/auth/register')
        .send({ email, password: PASSWORD, name: 'Persistante' })
        .expect(201);
    } finally {
      await first.close();
    }

    // Reopen the same directory: nothing left to migrate, the account and the chain are there.
    const db = await openDatabase({ PGLITE_DIR: dir });
    try {
      expect(await migrate(db)).toEqual([]);
      const migrations = await db.dataSource.query(`SELECT name FROM typeorm_migration`);
      expect(migrations.map((r: { name: string }) => r.name)).toEqual(MIGRATION_NAMES);
      expect(await db.dataSource.query(`SELECT email, role FROM app_user WHERE email = $1`, [email])).toEqual([
        { email, role: 'vendor' },
      ]);
      const verification = await new AuditService(db.dataSource).verify();
      expect(verification).toMatchObject({ valid: true, firstBrokenSeq: null });
      expect(verification.checked).toBeGreaterThanOrEqual(2); // bootstrap admin, the registration
    } finally {
      await db.close();
    }

    // And the application starts on it again and serves the same account.
    const second = await startTestApp({ embedded: true, env: { PGLITE_DIR: dir } });
    try {
      await login(second, email, PASSWORD);
      const rows = await second.dataSource.query(`SELECT count(*)::int AS n FROM typeorm_migration`);
      expect(rows).toEqual([{ n: MIGRATION_NAMES.length }]);
    } finally {
      await second.close();
    }
  });
});
