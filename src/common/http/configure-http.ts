import { INestApplication, RequestMethod } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { AppConfig } from '../../config/app-config';
import { ErrorEnvelopeFilter } from './error-envelope.filter';
import type { Request, Response } from 'express';
import { ERROR_CATALOGUE } from '../errors/error-codes';
import { requestIdMiddleware, RequestWithId } from './request-id.middleware';
import { createValidationPipe } from './validation';
import { jsonBodyParser } from './body-limits';
import { apiIndex } from '../../health/api-index.controller';

export const API_PREFIX = 'api/v1';
export const DOCS_PATH = 'api/docs';

/** Everything HTTP about the app, shared by main.ts and the e2e tests; initialises the app. */
export async function configureHttp(app: INestApplication): Promise<void> {
  const config = app.get(AppConfig);
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  express.set('trust proxy', trustProxySetting(config.TRUST_PROXY));
  app.use(requestIdMiddleware);
  app.use(noStore);
  app.use(helmet({ contentSecurityPolicy: false }));
  app.use(jsonBodyParser());
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorEnvelopeFilter());
  app.enableShutdownHooks();
  answerMalformedRequestsWithEnvelope(app);
  if (config.OPENAPI_ENABLED) setUpOpenApi(app);
  await app.init();
  // Nest answers unknown routes under the global prefix; this covers every other path.
  app.use((req: Request, res: Response) => {
    // Without the built web app, `/` still shows the way in (the API index), not a bare 404.
    if (req.method === 'GET' && req.path === '/') return void res.json(apiIndex(config));
    const requestId = (req as RequestWithId).id;
    res.status(404).json({ error: { code: 'NOT_FOUND', message: ERROR_CATALOGUE.NOT_FOUND.message }, requestId });
  });
}

/**
 * Requests Node's HTTP parser refuses before Express sees them (a 60 kB URL, malformed
 * headers) still get the api.md envelope, not Node's bare 431/400.
 */
function answerMalformedRequestsWithEnvelope(app: INestApplication): void {
  const server = app.getHttpServer() as Server;
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable) return socket.destroy();
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const [status, reason, code] = tooLarge
      ? [431, 'Request Header Fields Too Large', 'PAYLOAD_TOO_LARGE' as const]
      : [400, 'Bad Request', 'VALIDATION_FAILED' as const];
    const requestId = randomUUID();
    const body = JSON.stringify({ error: { code, message: ERROR_CATALOGUE[code].message }, requestId });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}

/** TRUST_PROXY as Express reads it: false, or the list of trusted proxies. */
export function trustProxySetting(value: string): false | string[] {
  if (value.trim() === 'false') return false;
  return value.split(',').map((part) => part.trim());
}

/**
 * Answers of the API are never stored by a browser or a shared cache: they carry prices,
 * tokens and whatever the caller may read (README “Limits on requests”).
 */
function noStore(req: Request, res: Response, next: () => void): void {
  if (req.path.startsWith(`/${API_PREFIX}/`)) res.setHeader('Cache-Control', 'no-store');
  next();
}

export function buildOpenApiDocument(app: INestApplication) {
  const builder = new DocumentBuilder()
    .setTitle('Échanges — API')
    .setDescription(
      'API du marché de micro-approvisionnement « Échanges entre concepteurs » (volet « Développe avec nous »). ' +
        'Montants en cents (CAD, taxes exclues), dates ISO 8601. Erreurs : enveloppe { error: { code, message, details }, requestId }.',
    )
    .setVersion('1')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description: "Jeton d'accès obtenu par /auth/login",
    })
    .build();
  return withDistinctSecurity(SwaggerModule.createDocument(app, builder));
}

/**
 * Each operation's `security` as the route's access decorators declare it (@Public: anonymous
 * or bearer; @RequirePermission: bearer), without the repeats that a class-level @ApiBearerAuth
 * adds to the method-level requirement (Swagger concatenates both).
 */
function withDistinctSecurity(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as { security?: Record<string, string[]>[] }[]) {
      if (!operation || typeof operation !== 'object' || !Array.isArray(operation.security)) continue;
      const seen = new Set<string>();
      operation.security = operation.security.filter((requirement) => {
        const key = JSON.stringify(requirement);
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    }
  }
  return document;
}

function setUpOpenApi(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: `${DOCS_PATH}/openapi.json`,
    customSiteTitle: 'Échanges — documentation de l’API',
  });
}
