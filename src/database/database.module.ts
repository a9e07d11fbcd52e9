import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { migrate, openDatabase, OpenedDatabase } from './data-source.factory';

export const OPENED_DATABASE = Symbol('OPENED_DATABASE');

@Global()
@Module({
  providers: [
    {
      provide: OPENED_DATABASE,
      inject: [AppConfig],
      useFactory: async (config: AppConfig): Promise<OpenedDatabase> => {
        const logger = new Logger('Database');
        const db = await openDatabase(config);
        const applied = await migrate(db);
        logger.log(
          `${db.embedded ? `PGlite embarqué (${config.PGLITE_DIR})` : 'PostgreSQL'} prêt` +
            (db.fromTemplate
              ? `, créé depuis le modèle pré-migré / created from the pre-migrated template (${db.fromTemplate.length} migrations)`
              : '') +
            (applied.length ? `, migrations appliquées : ${applied.join(', ')}` : ''),
        );
        return db;
      },
    },
    { provide: DataSource, inject: [OPENED_DATABASE], useFactory: (db: OpenedDatabase) => db.dataSource },
  ],
  exports: [DataSource, OPENED_DATABASE],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(OPENED_DATABASE) private readonly db: OpenedDatabase) {}

  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}
