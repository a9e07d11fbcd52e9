/**
 * Prints the OpenAPI document as JSON on stdout, built in-process exactly as /api/docs serves it
 * (the real AppModule on an in-memory PGlite, no Redis, nothing written to disk). The web app's
 * API types are generated from this output: `npm run web:api`.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { buildOpenApiDocument, configureHttp } from '../common/http/configure-http';

async function main(): Promise<void> {
  Object.assign(process.env, {
    NODE_ENV: 'development',
    PGLITE_DIR: 'memory://',
    JWT_SECRET: 'openapi-print-only-openapi-print-only-0123456789',
    LOG_LEVEL: 'error',
    OPENAPI_ENABLED: 'true',
  });
  delete process.env.DATABASE_URL;
  delete process.env.REDIS_URL;
  const app = await NestFactory.create(AppModule, { logger: ['error'], bodyParser: false });
  try {
    await configureHttp(app);
    process.stdout.write(`${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`);
  } finally {
    await app.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
