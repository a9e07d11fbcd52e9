import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppModule } from './app.module';
import { AppLogger, logLevelsUpTo, startupBanner } from './bootstrap-banner';
import { AppConfig } from './config/app-config';
import { configureHttp } from './common/http/configure-http';
import { UsersService } from './users/users.service';
import { webAppDirectory } from './web/web-app-directory';

/** The application, from its checked configuration (main.ts): HTTP and jobs, or jobs only (APP_ROLE=worker). */
export async function serve(config: AppConfig): Promise<void> {
  const colors = Boolean(process.stdout.isTTY);
  const appLogger = new AppLogger(logLevelsUpTo(config.LOG_LEVEL), colors);
  const logger = new Logger('Échanges');

  if (!config.runsHttp) {
    const context = await NestFactory.createApplicationContext(AppModule, { logger: appLogger });
    context.enableShutdownHooks();
    logger.log('Processus de tâches démarré (APP_ROLE=worker).');
    return;
  }

  const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger: appLogger, bodyParser: false });
  await configureHttp(app);
  await app.listen(config.PORT);
  const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  const banner = startupBanner(
    {
      url,
      webApp: existsSync(join(webAppDirectory(), 'index.html')),
      docs: Boolean(config.OPENAPI_ENABLED),
      config,
      admin: app.get(UsersService).createdAdmin,
    },
    colors,
  );
  // Straight to stdout, after every log line: the last thing on the screen (or in the log file).
  process.stdout.write(`\n${banner}`);
}
