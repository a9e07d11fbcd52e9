import { createServer, Server, Socket } from 'node:net';
import { SYSTEM_CONTEXT } from '../../src/common/auth/actor';
import { CommandRunner } from '../../src/common/command/command-runner.service';
import { freePort } from '../support/free-port';
import { JobRecorder, recordingJobsModule, recordJob } from '../support/recording-jobs';
import { buyerOfNewPublicBody, loginAsAdmin, publishOpportunity, seedVendor, unique } from '../support/scenario';
import { SmtpSink } from '../support/smtp-sink';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

const MAX_ATTEMPTS = 3;
const TIMEOUT_MS = 500;
/** Backoff after attempts 1 and 2 (1 s + 2 s). */
const BACKOFF_TOTAL_MS = 3_000;

/** A loopback server that accepts connections and never says a word (no SMTP greeting). */
class SilentServer {
  readonly accepted: number[] = [];
  readonly closedByClient: number[] = [];
  private readonly sockets = new Set<Socket>();
  private constructor(private readonly server: Server) {}

  static async start(): Promise<SilentServer> {
    const server = createServer();
    const silent = new SilentServer(server);
    server.on('connection', (socket) => {
      silent.accepted.push(Date.now());
      silent.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        silent.closedByClient.push(Date.now());
        silent.sockets.delete(socket);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return silent;
  }

  get url(): string {
    return `smtp://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

interface Delivery {
  status: string;
  attempts: number;
  lastError: string | null;
  job: { status: string; attempts: number; lastError: string | null };
}

/**
 * SMTP refusing (nothing listening, a 5xx reply to the message) and timing out (a server
 * that accepts and never answers): the command that queued the e-mail is not affected; the
 * e-mail is retried with the backoff, then recorded failed with the last error (and its job
 * failed in the outbox); an attempt never waits beyond the configured SMTP timeouts.
 */
describe.each<[string, 'refused' | 'rejected' | 'silent', boolean]>([
  ['connection refused (BullMQ)', 'refused', true],
  ['5xx reply to the message (BullMQ)', 'rejected', true],
  ['a server that never answers (in-process driver: one job at a time)', 'silent', false],
])('Faults: SMTP %s', (_label, fault, redis) => {
  const recorder = new JobRecorder();
  let t: TestApp;
  let sink: SmtpSink | undefined;
  let silent: SilentServer | undefined;

  beforeAll(async () => {
    let smtpUrl: string;
    if (fault === 'refused') smtpUrl = `smtp://127.0.0.1:${await freePort()}`;
    else if (fault === 'rejected') {
      sink = await SmtpSink.start();
      sink.rejectNext(100, { code: 554 });
      smtpUrl = sink.url;
    } else {
      silent = await SilentServer.start();
      smtpUrl = silent.url;
    }
    t = await startTestApp({
      label: `faultsmtp${fault}`,
      redis,
      imports: [recordingJobsModule(recorder)],
      env: {
        SMTP_URL: smtpUrl,
        NOTIFICATION_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
        SMTP_CONNECT_TIMEOUT_MS: String(TIMEOUT_MS),
        SMTP_SOCKET_TIMEOUT_MS: String(TIMEOUT_MS),
      },
    });
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await sink?.close();
    await silent?.close();
  });

  async function delivery(opportunityId: string): Promise<Delivery | undefined> {
    const [row] = await t.dataSource.query(
      `SELECT n.status, n.attempts, n.last_error AS "lastError",
              json_build_object('status', j.status, 'attempts', j.attempts, 'lastError', j.last_error) AS job
         FROM notification n JOIN job_outbox j ON j.job_id = 'notification:' || n.id
        WHERE n.entity_id = $1 AND n.template = 'opportunity-published'`,
      [opportunityId],
    );
    return row;
  }

  it('retries the e-mail with backoff and records it failed, leaving the command that queued it done', async () => {
    const admin = await loginAsAdmin(t);
    const buyer = await buyerOfNewPublicBody(t, admin);
    // Seeded, not registered: a registration would send its own e-mail (the verification link) to the faulty server.
    const vendor = await seedVendor(t);
    await t
      .http()
      .put('/api/v1/me/notification-preferences')
      .set(vendor.auth)
      .send({ newOpportunities: true })
      .expect(200);
    const started = Date.now();
    const published = await publishOpportunity(t, { admin, buyer });
    // The command answered at once and is done, whatever SMTP does.
    expect(published.status).toBe('PUBLISHED');
    expect(Date.now() - started).toBeLessThan(5_000);

    // Other work goes on beside the failing e-mail (in-process: in the same single job loop).
    const other = `faults:${unique('other')}`;
    await t.app.get(CommandRunner).run(SYSTEM_CONTEXT, async (scope) => {
      scope.audit({ action: 'testjobs.command', entityType: 'test', entityId: other });
      scope.enqueue(recordJob(other, {}, { runAt: new Date(Date.now() + 1_500) }));
    });

    const failed = await waitFor(
      'the e-mail to be recorded failed',
      async () => {
        const row = await delivery(published.id);
        return row?.status === 'failed' && row.job.status === 'failed' ? row : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    const elapsed = Date.now() - started;
    expect(failed).toMatchObject({ attempts: MAX_ATTEMPTS, job: { attempts: MAX_ATTEMPTS } });
    expect(failed.lastError).toMatch(new RegExp(`^Abandon après ${MAX_ATTEMPTS} tentatives : `));
    expect(failed.job.lastError).toBe(failed.lastError?.replace(/^Abandon après \d+ tentatives : /, ''));
    expect(elapsed).toBeGreaterThanOrEqual(BACKOFF_TOTAL_MS);
    // Bounded: three attempts, each cut by the timeouts, plus the backoff.
    expect(elapsed).toBeLessThan(BACKOFF_TOTAL_MS + MAX_ATTEMPTS * 4 * TIMEOUT_MS + 8_000);
    expect(recorder.succeeded(other)).toBe(true);

    const [{ status }] = await t.dataSource.query(`SELECT status FROM opportunity WHERE id = $1`, [published.id]);
    expect(status).toBe('PUBLISHED');
    expect(vendor.email).toEqual(expect.any(String));

    if (fault === 'rejected') expect(sink!.attemptsTo(vendor.email).map((a) => a.code)).toEqual([554, 554, 554]);
    if (fault === 'silent') {
      // One connection per attempt, each given up by the client after the timeout, with the backoff between.
      expect(silent!.accepted).toHaveLength(MAX_ATTEMPTS);
      expect(silent!.closedByClient).toHaveLength(MAX_ATTEMPTS);
      for (let i = 0; i < MAX_ATTEMPTS; i += 1)
        expect(silent!.closedByClient[i] - silent!.accepted[i]).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(silent!.accepted[1] - silent!.accepted[0]).toBeGreaterThanOrEqual(1_000);
      expect(silent!.accepted[2] - silent!.accepted[1]).toBeGreaterThanOrEqual(2_000);
    }
  }, 60_000);
});
