import { Client } from 'pg';
import { GENESIS_HASH } from '../../src/audit/audit-chain';
import { AuditService } from '../../src/audit/audit.service';
import { SYSTEM_CONTEXT } from '../../src/common/auth/actor';
import { CommandRunner } from '../../src/common/command/command-runner.service';
import { startTestApp, TestApp } from '../support/test-app';
import { createAccount, loginAsAdmin, Session, unique } from '../support/scenario';

/**
 * The audit chain is sealed after commit (README "Audit chain", issue #15 §2): commands only
 * insert their events; a sealer gives each committed event its seq and hash, one sealer at a
 * time under the head row's lock, in every process, within AUDIT_SEAL_MS when nobody nudges it.
 */
describe('Audit chain sealed after commit: bounded delay, one order for every replica, nothing lost', () => {
  const SEAL_MS = 200;
  let t: TestApp;
  let replica: TestApp;
  let sql: Client;
  let auditor: Session;

  beforeAll(async () => {
    t = await startTestApp({ label: 'audit_sealing', env: { AUDIT_SEAL_MS: String(SEAL_MS) } });
    replica = await startTestApp({ databaseUrl: t.config.DATABASE_URL, env: { AUDIT_SEAL_MS: String(SEAL_MS) } });
    sql = new Client({ connectionString: t.database!.url });
    await sql.connect();
    auditor = await createAccount(t, await loginAsAdmin(t), 'auditor');
  });

  afterAll(async () => {
    await sql?.end();
    await replica?.close();
    await t?.close();
  });

  const sealOf = async (entityId: string) =>
    (
      await sql.query<{ seq: string | null; hash: string | null }>(
        `SELECT seq, hash FROM audit_event WHERE entity_id = $1`,
        [entityId],
      )
    ).rows;

  /** Polls the table (no reader, nothing that would seal on its behalf) until the event is sealed. */
  async function sealedWithin(entityId: string, limitMs: number): Promise<boolean> {
    const until = Date.now() + limitMs;
    for (;;) {
      const rows = await sealOf(entityId);
      if (rows.length === 1 && rows[0].seq !== null) return true;
      if (Date.now() > until) return false;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  const record = (app: TestApp, entityId: string) =>
    app.app.get(CommandRunner).run(SYSTEM_CONTEXT, async (scope) => {
      scope.audit({ action: 'test.sealing', entityType: 'test', entityId, data: { entityId } });
    });

  it('a committed event is in the table at once, unsealed or sealed, and sealed without anyone reading the log', async () => {
    const entityId = unique('sans-lecteur');
    await record(t, entityId);
    // The command's own commit made the row; sealing is the sealer's business.
    expect(await sealOf(entityId)).toHaveLength(1);
    // Generous for a loaded CI machine; the point is that it happens with no reader.
    expect(await sealedWithin(entityId, 30 * SEAL_MS)).toBe(true);
  });

  it('an event whose process died before nudging the sealer is sealed by the timer of another process', async () => {
    // As a command of a replica that committed and then crashed: the row is there, nobody nudges.
    const entityId = unique('orphelin');
    await sql.query(
      `INSERT INTO audit_event (occurred_at, action, entity_type, entity_id, data)
       VALUES (date_trunc('milliseconds', now()), 'test.orphan', 'test', $1, '{}')`,
      [entityId],
    );
    expect((await sealOf(entityId))[0].seq).toBeNull();
    expect(await sealedWithin(entityId, 30 * SEAL_MS)).toBe(true);
  });

  it('readers see every event committed before they asked: the events endpoint seals first', async () => {
    const entityId = unique('lu-aussitot');
    await record(replica, entityId);
    const page = await t.http().get('/api/v1/audit/events').query({ entityId }).set(auditor.auth).expect(200);
    expect(page.body.items).toEqual([expect.objectContaining({ entityId, action: 'test.sealing' })]);
    expect(page.body.items[0].seq).toEqual(expect.any(Number));
    expect(page.body.items[0]).not.toHaveProperty('entryId');
    expect(page.body.items[0]).not.toHaveProperty('sealedAt');
  });

  it('two replicas recording and sealing at once keep one gapless chain, each event sealed once', async () => {
    const ids = Array.from({ length: 60 }, (_, i) => unique(`replique-${i % 2}`));
    await Promise.all(ids.map((id, i) => record(i % 2 === 0 ? t : replica, id)));
    // Both processes seal concurrently with their background sealers; one more pass from each.
    await Promise.all([t.app.get(AuditService).seal(), replica.app.get(AuditService).seal()]);

    const { rows } = await sql.query<{ seq: string; prev_hash: string; hash: string; entity_id: string }>(
      `SELECT seq, prev_hash, hash, entity_id FROM audit_event ORDER BY seq`,
    );
    expect(rows.every((r) => r.seq !== null)).toBe(true);
    expect(rows.map((r) => Number(r.seq))).toEqual(rows.map((_, i) => i + 1));
    rows.forEach((r, i) => expect(r.prev_hash).toBe(i === 0 ? GENESIS_HASH : rows[i - 1].hash));
    expect(
      rows
        .filter((r) => ids.includes(r.entity_id))
        .map((r) => r.entity_id)
        .sort(),
    ).toEqual([...ids].sort());
    const verdict = await replica.http().get('/api/v1/audit/verify').set(auditor.auth).expect(200);
    expect(verdict.body).toEqual({ valid: true, checked: rows.length, firstBrokenSeq: null });
  }, 60_000);

  it('seals a backlog larger than one batch (1 000) in order, in several transactions', async () => {
    // As after an outage of every process: 2 500 committed events nobody sealed yet.
    const label = unique('arriere');
    await sql.query(
      `INSERT INTO audit_event (occurred_at, action, entity_type, entity_id, data)
       SELECT date_trunc('milliseconds', now()), 'test.backlog', 'test', $1 || '-' || i, jsonb_build_object('i', i)
         FROM generate_series(1, 2500) AS i ORDER BY i`,
      [label],
    );
    await t.app.get(AuditService).seal();
    const { rows } = await sql.query<{ i: number; seq: string | null }>(
      `SELECT (data->>'i')::int AS i, seq FROM audit_event WHERE entity_id LIKE $1 || '-%' ORDER BY entry_id`,
      [label],
    );
    expect(rows).toHaveLength(2500);
    expect(rows.every((r) => r.seq !== null)).toBe(true);
    // Entry order is chain order, without gaps.
    const seqs = rows.map((r) => Number(r.seq));
    expect(seqs).toEqual(seqs.map((_, k) => seqs[0] + k));
    const verdict = await t.http().get('/api/v1/audit/verify').set(auditor.auth).expect(200);
    expect(verdict.body.valid).toBe(true);
  }, 60_000);

  it('a rolled-back command leaves no event, and its gap in entry numbers is not a gap in the chain', async () => {
    const entityId = unique('annule');
    await expect(
      t.app.get(CommandRunner).run(SYSTEM_CONTEXT, async (scope) => {
        scope.audit({ action: 'test.rollback', entityType: 'test', entityId });
        throw new Error('refusé');
      }),
    ).rejects.toThrow('refusé');
    await record(t, unique('apres-annulation'));
    expect(await sealOf(entityId)).toEqual([]);
    expect((await t.http().get('/api/v1/audit/verify').set(auditor.auth).expect(200)).body.valid).toBe(true);
  });

  describe('the table lets an event be sealed once, and nothing else', () => {
    const unsealedEvent = async () => {
      // Held unsealed for the test: inserted inside a transaction that is still open.
      const entityId = unique('non-scelle');
      await sql.query('BEGIN');
      const { rows } = await sql.query<{ entry_id: string }>(
        `INSERT INTO audit_event (occurred_at, action, entity_type, entity_id, data)
         VALUES (now(), 'test.trigger', 'test', $1, '{"montant": 1}') RETURNING entry_id`,
        [entityId],
      );
      return rows[0].entry_id;
    };

    afterEach(async () => {
      await sql.query('ROLLBACK');
    });

    it.each([
      ['have its content changed', `UPDATE audit_event SET data = '{"montant": 2}' WHERE entry_id = $1`],
      [
        'be sealed with its content changed',
        `UPDATE audit_event SET seq = -5, prev_hash = repeat('0', 64), hash = repeat('1', 64), action = 'autre' WHERE entry_id = $1`,
      ],
      ['be deleted', `DELETE FROM audit_event WHERE entry_id = $1`],
    ])('an unsealed event cannot %s', async (_case, statement) => {
      const entryId = await unsealedEvent();
      await sql.query('SAVEPOINT attempt');
      await expect(sql.query(statement, [entryId])).rejects.toMatchObject({ code: '42501' });
      await sql.query('ROLLBACK TO SAVEPOINT attempt');
    });

    it('a sealed event cannot be sealed again (another seq or hash)', async () => {
      const entryId = await unsealedEvent();
      await sql.query(
        `UPDATE audit_event SET seq = -5, prev_hash = repeat('0', 64), hash = repeat('1', 64), sealed_at = now()
          WHERE entry_id = $1`,
        [entryId],
      );
      await sql.query('SAVEPOINT attempt');
      await expect(
        sql.query(`UPDATE audit_event SET seq = -6, hash = repeat('2', 64) WHERE entry_id = $1`, [entryId]),
      ).rejects.toMatchObject({ code: '42501', message: 'audit_event is append-only: UPDATE refused' });
      await sql.query('ROLLBACK TO SAVEPOINT attempt');
    });

    it('half a seal is refused (seq without its hash)', async () => {
      const entryId = await unsealedEvent();
      await sql.query('SAVEPOINT attempt');
      await expect(sql.query(`UPDATE audit_event SET seq = -5 WHERE entry_id = $1`, [entryId])).rejects.toMatchObject({
        code: '23514',
      });
      await sql.query('ROLLBACK TO SAVEPOINT attempt');
    });
  });
});
