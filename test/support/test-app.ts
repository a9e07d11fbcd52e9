import { INestApplication, LoggerService, ModuleMetadata } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureHttp } from '../../src/common/http/configure-http';
import { AppConfig } from '../../src/config/app-config';
import { loadConfig } from '../../src/config/load-config';
import { OutboxRelay } from '../../src/jobs/outbox-relay.service';
import { createTestDatabase, TEST_REDIS_URL, TestDatabase } from './test-database';

export const ADMIN_EMAIL = 'admin@echanges.test';
export const ADMIN_PASSWORD = 'Administrateur-2026!';

export interface TestApp {
  app: INestApplication;
  http: () => ReturnType<typeof request>;
  config: AppConfig;
  dataSource: DataSource;
  database?: TestDatabase;
  relay: OutboxRelay;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** A logger for the app (e.g. to read everything it logs); default: errors to the console. */
  logger?: LoggerService;
  /** Environment overrides (strings, as in process.env). */
  env?: Record<string, string | undefined>;
  /** Use an existing database instead of creating one (e.g. a second replica). */
  databaseUrl?: string;
  /** Run on the embedded PGlite (memory) instead of PostgreSQL. */
  embedded?: boolean;
  /** Without Redis (in-process jobs). Default: with Redis. */
  redis?: boolean;
  label?: string;
  /** Extra modules beside AppModule (e.g. a module registering a test job handler). */
  imports?: NonNullable<ModuleMetadata['imports']>;
}

/**
 * Starts the real application on a fresh PostgreSQL database (and Redis, under a prefix of
 * its own), exactly as main.ts configures HTTP. Each suite gets its own database.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.embedded || options.databaseUrl ? undefined : await createTestDatabase(options.label);
  const env: Record<string, string | undefined> = {
    NODE_ENV: 'test',
    DATABASE_URL: options.embedded ? undefined : (options.databaseUrl ?? database!.url),
    PGLITE_DIR: 'memory://',
    REDIS_URL: options.redis === false || options.embedded ? undefined : TEST_REDIS_URL,
    BULLMQ_PREFIX: `t${randomBytes(5).toString('hex')}`,
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    AUTH_RATE_LIMIT: '10000',
    API_RATE_LIMIT: '100000',
    OUTBOX_POLL_MS: '200',
    LOG_LEVEL: 'error',
    ...options.env,
  };
  const config = loadConfig(env);
  const moduleRef = await Test.createTestingModule({ imports: [AppModule, ...(options.imports ?? [])] })
    .overrideProvider(AppConfig)
    .useValue(config)
    .compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, logger: options.logger ?? ['error'] });
  await configureHttp(app);
  const server = app.getHttpServer();
  return {
    app,
    http: () => request(server),
    config,
    dataSource: app.get(DataSource),
    database,
    relay: app.get(OutboxRelay),
    close: async () => {
      await app.close();
      await database?.drop();
    },
  };
}
