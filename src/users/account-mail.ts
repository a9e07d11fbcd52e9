import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { formatSecretToken, newSecret } from '../common/util/secret-token';
import { AppConfig } from '../config/app-config';
import type { JobContext, JobOutcome } from '../jobs/job.types';
import { isRecipientRefused, MAILER, Mailer } from '../notifications/mailer';
import { AccountEmailPayload } from './account-tokens';
import { renderAccountMail } from './account-mail.templates';
import { User } from './entities/user.entity';

/** Web pages the links open (web/src/pages/account); the token travels in the fragment, never to a server log. */
export const ACCOUNT_PAGES = {
  'verify-email': '/compte/verification',
  'reset-password': '/compte/nouveau-mot-de-passe',
  login: '/connexion',
  forgot: '/compte/mot-de-passe-oublie',
} as const;

/**
 * The `accounts.send-email` job: draws the link's secret, stores its hash (the secret lives
 * only in the e-mail), then sends. A retry draws a new secret, so an earlier e-mail's link
 * that might have arrived stops working; a link already used, expired or superseded sends
 * nothing. A deactivated or deleted account gets nothing.
 */
@Injectable()
export class AccountMail {
  private readonly logger = new Logger('Comptes');
  private readonly messageIdDomain: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    @Inject(MAILER) private readonly mailer: Mailer,
  ) {
    this.messageIdDomain = config.SMTP_FROM.slice(config.SMTP_FROM.lastIndexOf('@') + 1);
  }

  async send(payload: AccountEmailPayload, context: JobContext): Promise<JobOutcome> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id: payload.userId });
    if (!user || !user.active) return 'done';
    const web = this.config.PUBLIC_WEB_URL.replace(/\/+$/, '');
    let link: string | undefined;
    if (payload.kind !== 'registration-attempt') {
      const { secret, hash } = newSecret();
      const drawn = await this.dataSource.query<{ id: string }[]>(
        `WITH drawn AS (
           UPDATE account_token SET token_hash = $2
            WHERE id = $1 AND user_id = $3 AND purpose = $4 AND used_at IS NULL AND expires_at > now()
           RETURNING id)
         SELECT id FROM drawn`,
        [payload.tokenId, hash, user.id, payload.kind],
      );
      if (drawn.length === 0) return 'done';
      link = `${web}${ACCOUNT_PAGES[payload.kind]}#token=${formatSecretToken(payload.tokenId!, secret)}`;
    }
    const mail = renderAccountMail(payload.kind, user.preferredLanguage, {
      link,
      loginUrl: `${web}${ACCOUNT_PAGES.login}`,
      resetUrl: `${web}${ACCOUNT_PAGES.forgot}`,
    });
    if (link && this.mailer.kind === 'log' && this.config.NODE_ENV !== 'production') {
      // Development without SMTP: the link is the only way to follow it.
      this.logger.log(`Lien pour / link for ${user.email} : ${link}`);
    }
    try {
      await this.mailer.send({
        to: user.email,
        ...mail,
        messageId: `<account-${payload.tokenId ?? context.jobId}-${context.attempt}@${this.messageIdDomain}>`,
      });
    } catch (e) {
      if (isRecipientRefused(e)) return { permanentFailure: `Destinataire refusé : ${(e as Error).message}` };
      throw e;
    }
    return 'done';
  }
}
