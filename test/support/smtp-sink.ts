import { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, SMTPServerSession } from 'smtp-server';
import { waitFor } from './wait';

/** A message as it arrived, parsed. `to` is the envelope (who it was actually delivered to). */
export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

/** One delivery attempt the sink answered (accepted or rejected). */
export interface SmtpAttempt {
  to: string[];
  code: number;
}

interface Rejection {
  remaining: number;
  code: number;
  to?: string;
}

const envelopeTo = (session: SMTPServerSession) => session.envelope.rcptTo.map((r) => r.address.toLowerCase());

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

/**
 * A real SMTP server on loopback (smtp-server: no TLS, authentication optional, random port)
 * that keeps what it receives, parsed. It can refuse messages (451 by default) to exercise
 * retries, or refuse a recipient for good (550).
 */
export class SmtpSink {
  readonly messages: ReceivedMail[] = [];
  readonly attempts: SmtpAttempt[] = [];
  private readonly rejections: Rejection[] = [];
  private readonly refusedRecipients = new Map<string, number>();

  private readonly server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo: (address, _session, callback) => {
      const code = this.refusedRecipients.get(address.address.toLowerCase());
      callback(code ? smtpError(code, `${code} Destinataire inconnu`) : undefined);
    },
    onData: (stream, session, callback) => {
      void this.receive(stream, session).then(
        () => callback(),
        (e: Error) => callback(e),
      );
    },
  });

  private constructor() {}

  static async start(): Promise<SmtpSink> {
    const sink = new SmtpSink();
    await new Promise<void>((resolve, reject) => {
      sink.server.once('error', reject);
      sink.server.listen(0, '127.0.0.1', () => resolve());
    });
    sink.server.on('error', () => undefined); // a client hanging up mid-session is not the test's concern
    return sink;
  }

  get port(): number {
    return (this.server.server.address() as AddressInfo).port;
  }

  /** For SMTP_URL. */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /**
   * Refuses the next `count` messages (only those to `to`, when given) with a temporary
   * failure (451) or the given code, after reading them.
   */
  rejectNext(count: number, options: { code?: number; to?: string } = {}): void {
    this.rejections.push({ remaining: count, code: options.code ?? 451, to: options.to?.toLowerCase() });
  }

  /** Answers RCPT TO for this address with a permanent failure (550 by default). */
  refuseRecipient(address: string, code = 550): void {
    this.refusedRecipients.set(address.toLowerCase(), code);
  }

  mailsTo(address: string): ReceivedMail[] {
    return this.messages.filter((m) => m.to.includes(address.toLowerCase()));
  }

  attemptsTo(address: string): SmtpAttempt[] {
    return this.attempts.filter((a) => a.to.includes(address.toLowerCase()));
  }

  /** Bounded polling for a message matching `predicate`. */
  waitForMail(predicate: (mail: ReceivedMail) => boolean, timeoutMs = 10_000): Promise<ReceivedMail> {
    return waitFor('an e-mail at the SMTP sink', () => this.messages.find(predicate), { timeoutMs, intervalMs: 25 });
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async receive(stream: NodeJS.ReadableStream, session: SMTPServerSession): Promise<void> {
    const parsed = await simpleParser(stream as Parameters<typeof simpleParser>[0]);
    const to = envelopeTo(session);
    const rejection = this.rejections.find((r) => r.remaining > 0 && (!r.to || to.includes(r.to)));
    if (rejection) {
      rejection.remaining -= 1;
      this.attempts.push({ to, code: rejection.code });
      throw smtpError(rejection.code, `${rejection.code} Réessayez plus tard`);
    }
    this.attempts.push({ to, code: 250 });
    this.messages.push({
      to,
      from: parsed.from?.text ?? '',
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: typeof parsed.html === 'string' ? parsed.html : '',
      messageId: parsed.messageId ?? '',
    });
  }
}
