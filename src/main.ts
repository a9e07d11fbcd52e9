import 'reflect-metadata';
import { ALL_MIGRATIONS } from '../migrations';
import { AppConfig } from './config/app-config';
import { ConfigError, loadConfig } from './config/load-config';
import { defaultTemplateDirectory, seedFromTemplateInBackground } from './database/embedded-template';

/**
 * The entry point (`npm start`). It reads the configuration, starts filling a new embedded
 * database from the pre-migrated template on a worker thread, and only then loads the
 * application (server.ts), so that the copy and the loading of the modules overlap (issue #14).
 */
function main(): void {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  if (!config.DATABASE_URL) seedFromTemplateInBackground(config.PGLITE_DIR, defaultTemplateDirectory(), ALL_MIGRATIONS);
  // Loaded after the copy has started: most of the start-up time is spent loading these modules.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { serve } = require('./server') as typeof import('./server');
  void serve(config);
}

main();
