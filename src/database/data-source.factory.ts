import { PGlite } from '@electric-sql/pglite';
import { DataSource, DataSourceOptions } from 'typeorm';
import { ALL_MIGRATIONS } from '../../migrations';
import { ALL_ENTITIES } from './entities';
import { openEmbeddedPostgres } from './embedded-postgres';
import { defaultTemplateDirectory, earlySeed, seedFromTemplate } from './embedded-template';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export interface DatabaseSettings {
  DATABASE_URL?: string;
  PGLITE_DIR: string;
  /** PostgreSQL connections of this process (default 10); the embedded database has one. */
  DATABASE_POOL_SIZE?: number;
}

export interface OpenedDatabase {
  dataSource: DataSource;
  embedded?: PGlite;
  /** Embedded only: the migrations a new data directory received from the pre-migrated template. */
  fromTemplate?: string[];
  close(): Promise<void>;
}

export interface OpenOptions {
  /** The migrations to know (and run); every migration by default. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations?: Function[];
  /** Where the pre-migrated embedded template is (embedded-template.ts); false: never use one. */
  template?: string | false;
}

const MIGRATION_LOCK_KEY = 727_001;

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
function baseOptions(migrations: Function[]): Record<string, unknown> {
  return {
    entities: ALL_ENTITIES,
    migrations,
    migrationsTableName: 'typeorm_migration',
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+: no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    migrationsRun: false,
    namingStrategy: new SnakeNamingStrategy(),
    // Failed queries reach the error filter (and its log) as exceptions; no second log here.
    logging: false,
  };
}

/** Opens PostgreSQL (DATABASE_URL) or the embedded PGlite (no DATABASE_URL), same schema. */
export async function openDatabase(settings: DatabaseSettings, options: OpenOptions = {}): Promise<OpenedDatabase> {
  const migrations = options.migrations ?? ALL_MIGRATIONS;
  if (settings.DATABASE_URL) {
    const dataSource = new DataSource({
      ...baseOptions(migrations),
      type: 'postgres',
      url: settings.DATABASE_URL,
      extra: { max: settings.DATABASE_POOL_SIZE ?? 10 },
    } as DataSourceOptions);
    await dataSource.initialize();
    return { dataSource, close: () => (dataSource.isInitialized ? dataSource.destroy() : Promise.resolve()) };
  }
  const template = options.template ?? defaultTemplateDirectory();
  // A new data directory starts as a copy of the pre-migrated template when it matches these migrations.
  // main.ts may have started that copy in the background (earlySeed waits for it).
  const fromTemplate =
    (await earlySeed(settings.PGLITE_DIR)) ??
    (template ? seedFromTemplate(settings.PGLITE_DIR, template, migrations) : undefined);
  const { pglite, extra } = await openEmbeddedPostgres(settings.PGLITE_DIR);
  const dataSource = new DataSource({
    ...baseOptions(migrations),
    type: 'postgres',
    host: 'localhost',
    username: 'postgres',
    password: 'pglite',
    database: 'postgres',
    extra,
  } as DataSourceOptions);
  await dataSource.initialize();
  return {
    dataSource,
    embedded: pglite,
    fromTemplate,
    close: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

/**
 * Runs pending migrations. On a server, a session advisory lock makes replicas that start
 * together run them once; PGlite has a single session and a single process.
 */
export async function migrate(db: OpenedDatabase): Promise<string[]> {
  if (db.embedded) {
    return (await db.dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  }
  const runner = db.dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return (await db.dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}
