import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { AppConfig, ConfigError, loadConfig } from './config/app-config';
import { configureHttp, DOCS_PATH } from './common/http/configure-http';

async function bootstrap(): Promise<void> {
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
  const logLevels = (['error', 'warn', 'log', 'debug', 'verbose'] as const).slice(
    0,
    ['error', 'warn', 'log', 'debug', 'verbose'].indexOf(config.LOG_LEVEL) + 1,
  );
  const logger = new Logger('Échanges');

  if (!config.runsHttp) {
    const context = await NestFactory.createApplicationContext(AppModule, { logger: [...logLevels] });
    context.enableShutdownHooks();
    logger.log('Processus de tâches démarré (APP_ROLE=worker).');
    return;
  }

  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    logger: [...logLevels],
    bodyParser: false,
  });
  await configureHttp(app);
  await app.listen(config.PORT);
  const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  logger.log(`API prête : ${url}/api/v1 (APP_ROLE=${config.APP_ROLE})`);
  if (config.OPENAPI_ENABLED) logger.log(`Documentation de l’API : ${url}/${DOCS_PATH}`);
}

void bootstrap();
