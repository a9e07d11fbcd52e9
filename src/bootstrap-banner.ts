import { ConsoleLogger, LogLevel } from '@nestjs/common';
import type { AppConfig } from './config/app-config';

const LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;

/** The levels at and above LOG_LEVEL. */
export function logLevelsUpTo(level: AppConfig['LOG_LEVEL']): LogLevel[] {
  return LEVELS.slice(0, LEVELS.indexOf(level) + 1);
}

/**
 * Nest's start-up chatter (one line per module, controller and route: 60 and more) is debug
 * information, not something an operator must read past to find the admin password.
 */
const DEMOTED_CONTEXTS = new Set([
  'RoutesResolver',
  'RouterExplorer',
  'InstanceLoader',
  'NestFactory',
  'NestApplication',
]);

/**
 * The application's console logger: ANSI colours only on a terminal (a log file or a pipe gets
 * plain text), Nest's start-up lines at debug level.
 */
export class AppLogger extends ConsoleLogger {
  constructor(levels: LogLevel[], colors = Boolean(process.stdout.isTTY)) {
    super('Échanges', { logLevels: levels, colors });
  }

  override log(message: unknown, ...rest: unknown[]): void {
    const context = rest[rest.length - 1];
    if (typeof context === 'string' && DEMOTED_CONTEXTS.has(context)) {
      super.debug(message, ...rest);
      return;
    }
    super.log(message, ...rest);
  }
}

export interface BannerFacts {
  /** Base URL the server answers on, e.g. http://localhost:3000. */
  url: string;
  /** Whether the built web app is served at `/`. */
  webApp: boolean;
  docs: boolean;
  config: Pick<AppConfig, 'DATABASE_URL' | 'PGLITE_DIR' | 'REDIS_URL' | 'APP_ROLE'>;
  /** The initial admin created at this start (the password only when it was generated). */
  admin: { email: string; generatedPassword: string | null } | null;
}

/** Where the database and jobs live, in both languages. */
export function modeLine(config: BannerFacts['config']): string {
  const database = config.DATABASE_URL
    ? 'PostgreSQL'
    : `base embarquée / embedded database (PGlite, ${config.PGLITE_DIR})`;
  const jobs = config.REDIS_URL ? 'tâches / jobs : Redis (BullMQ)' : 'tâches dans le processus / jobs in-process';
  return `${database} · ${jobs} · APP_ROLE=${config.APP_ROLE}`;
}

/**
 * The lines printed once the server listens: what a newcomer needs (where to go, how to log in,
 * how it runs), framed so that it stands out at the end of the start-up log. Bold on a terminal only.
 */
export function startupBanner(facts: BannerFacts, colors: boolean): string {
  const bold = (text: string) => (colors ? `\u001b[1m${text}\u001b[22m` : text);
  const rows: [string, string][] = [];
  if (facts.webApp) rows.push(['Application web / Web app', `${facts.url}/`]);
  rows.push(['API', `${facts.url}/api/v1`]);
  if (facts.docs) rows.push(['Documentation', `${facts.url}/api/docs`]);
  rows.push(['Mode', modeLine(facts.config)]);
  if (facts.admin) {
    rows.push([
      'Administrateur / Admin',
      facts.admin.generatedPassword
        ? `${facts.admin.email} — mot de passe généré / generated password: ${bold(facts.admin.generatedPassword)}`
        : `${facts.admin.email} (mot de passe : ADMIN_PASSWORD / password: ADMIN_PASSWORD)`,
    ]);
  }
  const width = Math.max(...rows.map(([label]) => label.length));
  const rule = '═'.repeat(72);
  return [
    rule,
    `  ${bold('Échanges est prêt / is ready')}`,
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
    rule,
    '',
  ].join('\n');
}
