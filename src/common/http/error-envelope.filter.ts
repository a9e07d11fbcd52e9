import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { DomainError } from '../errors/domain-error';
import { ERROR_CATALOGUE, ErrorCode } from '../errors/error-codes';
import { RequestWithId } from './request-id.middleware';

export interface ErrorEnvelope {
  error: { code: ErrorCode; message: string; details?: Record<string, unknown> };
  requestId: string;
}

const STATUS_TO_CODE: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
};

/**
 * Maps every exception to the api.md envelope. Domain errors keep their code and details;
 * framework HTTP exceptions get the generic code of their status; anything else is an
 * INTERNAL 500 whose stack is logged, never sent.
 */
@Catch()
export class ErrorEnvelopeFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const requestId = (req as RequestWithId).id ?? 'unknown';
    const { status, body } = this.toEnvelope(exception, requestId, req);
    if (res.headersSent) return;
    const retryAfter = exception instanceof DomainError ? exception.details?.retryAfterSeconds : undefined;
    if (typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
    res.status(status).json(body);
  }

  toEnvelope(exception: unknown, requestId: string, req: Request): { status: number; body: ErrorEnvelope } {
    if (exception instanceof DomainError) {
      const { status } = ERROR_CATALOGUE[exception.code];
      return {
        status,
        body: {
          error: {
            code: exception.code,
            message: exception.message,
            ...(exception.details ? { details: exception.details } : {}),
          },
          requestId,
        },
      };
    }
    if (exception instanceof ThrottlerException) {
      return this.generic('RATE_LIMITED', requestId);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = STATUS_TO_CODE[status] ?? (status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED');
      if (code === 'VALIDATION_FAILED') {
        // Body-parser errors (malformed JSON) and similar framework 400s.
        return {
          status: 400,
          body: {
            error: { code, message: 'Le corps de la requête est illisible ou invalide.', details: { fields: [] } },
            requestId,
          },
        };
      }
      return this.generic(code, requestId);
    }
    const err = exception as { type?: string; status?: number };
    if (err?.type === 'entity.parse.failed' || err?.status === 400) {
      return {
        status: 400,
        body: {
          error: {
            code: 'VALIDATION_FAILED',
            message: 'Le corps de la requête est illisible ou invalide.',
            details: { fields: [] },
          },
          requestId,
        },
      };
    }
    if (err?.type === 'entity.too.large' || err?.status === 413) return this.generic('PAYLOAD_TOO_LARGE', requestId);
    this.logger.error(
      `Unhandled error on ${req.method} ${req.path} [${requestId}]`,
      exception instanceof Error ? exception.stack : String(exception),
    );
    return this.generic('INTERNAL', requestId);
  }

  private generic(code: ErrorCode, requestId: string): { status: number; body: ErrorEnvelope } {
    const { status, message } = ERROR_CATALOGUE[code];
    return { status, body: { error: { code, message }, requestId } };
  }
}
