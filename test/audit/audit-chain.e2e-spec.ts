import { Client } from 'pg';
import { chainedFieldsOfRow, chainHash, GENESIS_HASH } from '../../src/audit/audit-chain';
import { describeVerification, verifyAuditChain } from '../../src/audit/audit-verify.cli';
import { AuditService } from '../../src/audit/audit.service';
import { SYSTEM_CONTEXT } from '../../src/common/auth/actor';
import { CommandRunner } from '../../src/common/command/command-runner.service';
import { startTestApp, TestApp } from '../support/test-app';
import {
  createAccount,
  expectEnvelope,
  loginAsAdmin,
  PASSWORD,
  registerVendor,
  Session,
  unique,
} from '../support/scenario';

const UPDATE_DELETE_TRIGGER = 'trg_audit_event_no_update_delete';

interface ChainRow {
  seq: number;
  prevHash: string;
  hash: string;
}

describe('Audit chain: append-only, hash-chained, verifiable (PostgreSQL)', () => {
  let t: TestApp;
  let sql: Client;
  let admin: Session;
  let auditor: Session;

  beforeAll(async () => {
    t = await startTestApp({ label: 'audit' });
    sql = new Client({ connectionString: t.database!.url });
    await sql.connect();
    admin = await loginAsAdmin(t);
    auditor = await createAccount(t, admin, 'auditor');
  });

  afterAll(async () => {
    await sql?.end();
    await t?.close();
  });

  /** The chain as stored, once everything committed is sealed (AuditSealer runs in the background). */
  const chain = async (): Promise<ChainRow[]> => {
    await t.app.get(AuditService).seal();
    return (await sql.query(`SELECT seq::int AS seq, prev_hash AS "prevHash", hash FROM audit_event ORDER BY seq`))
      .rows;
  };

  const verifyOverHttp = async (session: Session = auditor) =>
    (await t.http().get('/api/v1/audit/verify').set(session.auth).expect(200)).body;

  /** Runs SQL on audit_event with its UPDATE/DELETE trigger off, in one transaction. */
  async function withoutTrigger(statements: (db: Client) => Promise<unknown>): Promise<void> {
    await sql.query('BEGIN');
    try {
      await sql.query(`ALTER TABLE audit_event DISABLE TRIGGER ${UPDATE_DELETE_TRIGGER}`);
      await statements(sql);
      await sql.query(`ALTER TABLE audit_event ENABLE TRIGGER ${UPDATE_DELETE_TRIGGER}`);
      await sql.query('COMMIT');
    } catch (e) {
      await sql.query('ROLLBACK');
      throw e;
    }
  }

  it('verifies an intact chain for admins and auditors, refuses vendors (403) and anonymous callers (401)', async () => {
    const { rows } = await sql.query(`SELECT count(*)::int AS n FROM audit_event`);
    expect(rows[0].n).toBeGreaterThanOrEqual(3); // bootstrap admin, auditor account, logins
    const expected = { valid: true, checked: rows[0].n, firstBrokenSeq: null };
    expect(await verifyOverHttp(auditor)).toEqual(expected);
    expect(await verifyOverHttp(admin)).toEqual(expected);

    const vendor = await registerVendor(t);
    expectEnvelope(await t.http().get('/api/v1/audit/verify').set(vendor.auth).expect(403), 'FORBIDDEN');
    expectEnvelope(await t.http().get('/api/v1/audit/verify').expect(401), 'UNAUTHENTICATED');
  });

  it('keeps one unbroken chain under 50 concurrent commands (vendor registrations)', async () => {
    const before = (await chain()).length;
    const emails = Array.from({ length: 50 }, () => `${unique('concurrent')}@exemple.quebec`);
    const responses = await Promise.all(
      emails.map((email) =>
        t.http().post('/api/v1/auth/register').send({ email, password: PASSWORD, name: 'Concurrente' }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(emails.map(() => 201));

    const rows = await chain();
    expect(rows.length).toBe(before + 50);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    rows.forEach((row, i) => expect(row.prevHash).toBe(i === 0 ? GENESIS_HASH : rows[i - 1].hash));
    expect(new Set(rows.map((r) => r.hash)).size).toBe(rows.length);

    const created = await sql.query(
      `SELECT data->>'email' AS email FROM audit_event WHERE action = 'users.create' AND data->>'email' = ANY($1)`,
      [emails],
    );
    expect(created.rows.map((r) => r.email).sort()).toEqual([...emails].sort());
    const head = (await sql.query(`SELECT last_seq::int AS "lastSeq", last_hash AS "lastHash" FROM audit_chain_head`))
      .rows;
    expect(head).toEqual([{ lastSeq: rows.length, lastHash: rows[rows.length - 1].hash }]);
    expect(await verifyOverHttp()).toEqual({ valid: true, checked: rows.length, firstBrokenSeq: null });
  }, 120_000);

  it('never reports a break while commands append during the verification', async () => {
    const commands = t.app.get(CommandRunner);
    let appending = true;
    const appender = (async () => {
      for (let i = 0; appending && i < 2000; i++) {
        await Promise.all(
          Array.from({ length: 5 }, (_, k) =>
            commands.run(SYSTEM_CONTEXT, async (scope) => {
              scope.audit({ action: 'test.burst', entityType: 'test', entityId: `${i}-${k}` });
            }),
          ),
        );
      }
    })();
    try {
      const verdicts = [];
      for (let i = 0; i < 25; i++) verdicts.push(await verifyOverHttp());
      expect(verdicts.filter((v) => !v.valid)).toEqual([]);
      // The chain did grow while it was being verified.
      expect(new Set(verdicts.map((v) => v.checked)).size).toBeGreaterThan(1);
    } finally {
      appending = false;
      await appender;
    }
    expect((await verifyOverHttp()).valid).toBe(true);
  });

  it.each([
    ['UPDATE', `UPDATE audit_event SET data = '{"altéré": true}' WHERE seq = 1`],
    ['DELETE', `DELETE FROM audit_event WHERE seq = (SELECT max(seq) FROM audit_event)`],
    ['TRUNCATE', `TRUNCATE audit_event`],
  ])('with its triggers on, the table refuses %s', async (op, statement) => {
    const before = await chain();
    await expect(sql.query(statement)).rejects.toMatchObject({
      code: '42501',
      message: `audit_event is append-only: ${op} refused`,
    });
    expect(await chain()).toEqual(before);
    expect((await verifyOverHttp()).valid).toBe(true);
  });

  describe('tampering with triggers disabled is detected and the first broken event named', () => {
    beforeAll(async () => {
      // A pristine copy, restored after each case so that the cases do not depend on each other.
      await sql.query(`CREATE TABLE audit_event_pristine AS SELECT * FROM audit_event`);
    });

    afterEach(async () => {
      await withoutTrigger(async (db) => {
        await db.query(`DELETE FROM audit_event`);
        await db.query(`INSERT INTO audit_event SELECT * FROM audit_event_pristine`);
      });
      expect((await verifyOverHttp()).valid).toBe(true);
    });

    type Tamper = (db: Client, seq: number) => Promise<unknown>;
    const cases: [string, 'middle' | 'first' | 'last', Tamper, number][] = [
      [
        'data changed',
        'middle',
        (db, seq) => db.query(`UPDATE audit_event SET data = data || '{"role":"admin"}' WHERE seq = $1`, [seq]),
        0,
      ],
      [
        'action changed',
        'middle',
        (db, seq) => db.query(`UPDATE audit_event SET action = 'auth.logout' WHERE seq = $1`, [seq]),
        0,
      ],
      [
        'actor role changed',
        'middle',
        (db, seq) => db.query(`UPDATE audit_event SET actor_role = 'admin' WHERE seq = $1`, [seq]),
        0,
      ],
      [
        'occurred_at moved by one millisecond',
        'middle',
        (db, seq) =>
          db.query(`UPDATE audit_event SET occurred_at = occurred_at + interval '1 millisecond' WHERE seq = $1`, [seq]),
        0,
      ],
      [
        'request id changed',
        'middle',
        (db, seq) => db.query(`UPDATE audit_event SET request_id = 'autre' WHERE seq = $1`, [seq]),
        0,
      ],
      [
        'first event prev_hash replaced',
        'first',
        (db, seq) => db.query(`UPDATE audit_event SET prev_hash = repeat('f', 64) WHERE seq = $1`, [seq]),
        0,
      ],
      [
        'data changed and its hash recomputed by the forger: the next link breaks',
        'middle',
        async (db, seq) => {
          const { rows } = await db.query(`SELECT * FROM audit_event WHERE seq = $1`, [seq]);
          const row = rows[0];
          const data = { ...row.data, forged: true };
          const hash = chainHash(row.prev_hash, chainedFieldsOfRow(seq, { ...row, data }));
          await db.query(`UPDATE audit_event SET data = $2, hash = $3 WHERE seq = $1`, [
            seq,
            JSON.stringify(data),
            hash,
          ]);
        },
        1,
      ],
      ['a middle event deleted', 'middle', (db, seq) => db.query(`DELETE FROM audit_event WHERE seq = $1`, [seq]), 0],
      ['the last event deleted', 'last', (db, seq) => db.query(`DELETE FROM audit_event WHERE seq = $1`, [seq]), 0],
      [
        'two neighbouring events swapped',
        'middle',
        async (db, seq) => {
          await db.query(`UPDATE audit_event SET seq = -1 WHERE seq = $1`, [seq]);
          await db.query(`UPDATE audit_event SET seq = $1 WHERE seq = $1 + 1`, [seq]);
          await db.query(`UPDATE audit_event SET seq = $1 + 1 WHERE seq = -1`, [seq]);
        },
        0,
      ],
    ];

    it.each(cases)('%s', async (_case, where, tamper, offset) => {
      const rows = await chain();
      const seq = where === 'first' ? 1 : where === 'last' ? rows.length : Math.floor(rows.length / 2);
      await withoutTrigger((db) => tamper(db, seq));

      const broken = { valid: false, firstBrokenSeq: seq + offset };
      const overHttp = await verifyOverHttp();
      expect(overHttp).toMatchObject(broken);

      // The command line tool (npm run audit:verify) reaches the same verdict on its own connection.
      const fromCli = await verifyAuditChain(t.database!.url);
      expect(fromCli).toEqual(overHttp);
      expect(describeVerification(fromCli)).toEqual({
        exitCode: 1,
        message: expect.stringContaining(`premier événement invalide n° ${seq + offset}`),
      });
    });
  });

  it('the command line check agrees with the endpoint on an intact chain (exit code 0)', async () => {
    const fromCli = await verifyAuditChain(t.database!.url);
    expect(fromCli).toEqual(await verifyOverHttp(admin));
    expect(fromCli.valid).toBe(true);
    expect(describeVerification(fromCli).exitCode).toBe(0);
  });
});
