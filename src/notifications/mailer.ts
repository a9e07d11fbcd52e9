import { Logger } from '@nestjs/common';
import { lazyModule } from '../common/util/lazy-module';
import { AppConfig } from '../config/app-config';

// Loaded only when SMTP is configured (not at every start).
const nodemailer = lazyModule<typeof import('nodemailer')>('nodemailer');

export const MAILER = Symbol('MAILER');

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** `<…@…>`: the same notification sent twice carries the same Message-ID. */
  messageId: string;
}

export interface MailDelivery {
  messageId: string;
  /** How it went when not through SMTP (recorded on the notification). */
  note: string | null;
}

/** Sends one e-mail, or throws (an SMTP error carries `responseCode`). */
export interface Mailer {
  readonly kind: 'smtp' | 'log';
  send(mail: OutgoingMail): Promise<MailDelivery>;
  close(): void;
}

/** The timeouts of one SMTP attempt (SMTP_CONNECT_TIMEOUT_MS, SMTP_SOCKET_TIMEOUT_MS). */
export interface SmtpTimeouts {
  connectMs: number;
  socketMs: number;
}

/**
 * SMTP through nodemailer, from SMTP_URL (`smtp://user:pass@host:587`, `smtps://…:465`).
 * Every phase of an attempt is bounded: opening the connection and the greeting by
 * SMTP_CONNECT_TIMEOUT_MS each, any later silence of the server by SMTP_SOCKET_TIMEOUT_MS;
 * a server that accepts and never answers fails the attempt (retried with the backoff)
 * instead of holding a job worker. Keep them far below the outbox claim lease (5 min) so
 * that an attempt never overlaps its retry.
 */
export class SmtpMailer implements Mailer {
  readonly kind = 'smtp' as const;
  private readonly transport;

  constructor(url: string, from: string, timeouts: SmtpTimeouts) {
    this.transport = nodemailer().createTransport(
      {
        url,
        connectionTimeout: timeouts.connectMs,
        greetingTimeout: timeouts.connectMs,
        socketTimeout: timeouts.socketMs,
        dnsTimeout: timeouts.connectMs,
      },
      { from },
    );
  }

  async send(mail: OutgoingMail): Promise<MailDelivery> {
    const info = await this.transport.sendMail(mail);
    return { messageId: info.messageId || mail.messageId, note: null };
  }

  close(): void {
    this.transport.close();
  }
}

export const LOGGED_NOTE = 'SMTP_URL absent : courriel non transmis (destinataire et objet consignés au journal)';

/**
 * Without SMTP_URL (embedded default): the e-mail counts as sent, with a note saying it was
 * not transmitted; the log gets its recipient and subject only — never the body, which may
 * carry what must stay out of logs (a proposal receipt hash reveals the price by trial).
 */
export class LogMailer implements Mailer {
  readonly kind = 'log' as const;
  private readonly logger = new Logger('Courriels');

  constructor(private readonly from: string) {}

  async send(mail: OutgoingMail): Promise<MailDelivery> {
    this.logger.debug(
      `Courriel non transmis (SMTP_URL absent) — de : ${this.from}, à : ${mail.to}, objet : ${mail.subject}, ${mail.messageId}`,
    );
    return { messageId: mail.messageId, note: LOGGED_NOTE };
  }

  close(): void {}
}

export function createMailer(
  config: Pick<AppConfig, 'SMTP_URL' | 'SMTP_FROM'> &
    Partial<Pick<AppConfig, 'SMTP_CONNECT_TIMEOUT_MS' | 'SMTP_SOCKET_TIMEOUT_MS'>>,
): Mailer {
  const defaults = new AppConfig();
  return config.SMTP_URL
    ? new SmtpMailer(config.SMTP_URL, config.SMTP_FROM, {
        connectMs: config.SMTP_CONNECT_TIMEOUT_MS ?? defaults.SMTP_CONNECT_TIMEOUT_MS,
        socketMs: config.SMTP_SOCKET_TIMEOUT_MS ?? defaults.SMTP_SOCKET_TIMEOUT_MS,
      })
    : new LogMailer(config.SMTP_FROM);
}

/**
 * Whether retrying cannot help: the receiving server refused the recipient for good (5xx
 * to RCPT TO: unknown mailbox, refused domain). Other failures (connection, 4xx, even a 5xx
 * to AUTH while SMTP is misconfigured) are retried.
 */
export function isRecipientRefused(error: unknown): boolean {
  const e = error as { responseCode?: unknown; command?: unknown } | null;
  return (
    e?.command === 'RCPT TO' && typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600
  );
}
