/**
 * `npm run seed:demo`: starts the application on the configured database (embedded PGlite by
 * default) with the short tender periods a demo needs, seeds it through its own HTTP API and
 * prints the accounts. Refused in production. Running it again creates nothing.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../app.module';
import { SYSTEM_CONTEXT } from '../common/auth/actor';
import { DomainError } from '../common/errors/domain-error';
import { configureHttp } from '../common/http/configure-http';
import { UsersService } from '../users/users.service';
import { DEMO_PASSWORD, DemoReport, seedDemo } from './demo-seed';

export const DEMO_ADMIN_EMAIL = 'admin-demo@demo.echanges.quebec';

/** The rule settings a demo runs with: deadlines seconds away may be published. */
export const DEMO_RULE_SETTINGS = { MIN_TENDER_PERIOD_DAYS: '0', QUESTIONS_CLOSE_HOURS: '0' } as const;

/** The accounts and opportunities as a user reads them. */
export function describeDemo(report: DemoReport): string {
  const lines = [
    report.created
      ? 'Données de démonstration créées / Demo data created.'
      : 'Données de démonstration déjà présentes / Demo data already present.',
    `Mot de passe de tous les comptes / Password of every account: ${DEMO_PASSWORD}`,
    '',
    ...report.accounts.map((a) => `  ${a.email.padEnd(40)} ${a.role.padEnd(10)} ${a.label}`),
    '',
    ...report.opportunities.map((o) => `  ${o.reference.padEnd(16)} ${o.status.padEnd(13)} ${o.title}`),
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  if (process.env.NODE_ENV === 'production') {
    console.error('seed:demo est refusé en production / seed:demo is refused in production.');
    process.exit(78);
  }
  Object.assign(process.env, DEMO_RULE_SETTINGS);
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    logger: ['error', 'warn'],
    bodyParser: false,
  });
  try {
    await configureHttp(app);
    await app.listen(0, '127.0.0.1');
    try {
      await app.get(UsersService).createAccount(SYSTEM_CONTEXT, {
        email: DEMO_ADMIN_EMAIL,
        name: 'Administrateur de démonstration',
        role: 'admin',
        password: DEMO_PASSWORD,
        publicBodyId: null,
      });
    } catch (e) {
      if (!(e instanceof DomainError && e.code === 'EMAIL_TAKEN')) throw e;
    }
    const base = `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/api/v1`;
    const report = await seedDemo(base, { email: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD }, (l) => console.log(l));
    console.log(describeDemo(report));
  } finally {
    await app.close();
  }
}

if (require.main === module) void main();
