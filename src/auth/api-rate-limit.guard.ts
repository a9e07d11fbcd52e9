import type { KeyObject } from 'node:crypto';
import { CanActivate, ExecutionContext, Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import type { Actor } from '../common/auth/actor';
import type { BeforeEarlyTransaction } from '../common/command/early-transaction';
import { DomainError } from '../common/errors/domain-error';
import { AppConfig } from '../config/app-config';
import { RedisThrottlerStorage, THROTTLER_STORAGE } from './auth-throttling';
import { AccessTokenClaims, accessTokenIdentity } from './access-token';
import { JWT_KEY } from './jwt-secret.provider';

/** Requests already counted before their early transaction (BeforeEarlyTransaction). */
const COUNTED = Symbol('rate counted');

/** Routes with a ceiling of their own (log-in: LoginThrottle) or that must always answer (probes). */
const OWN_CEILING = new Set(['/api/v1/auth/login', '/health/live', '/health/ready']);

/**
 * The request-rate ceiling of every route (README “Limits on requests”): API_RATE_LIMIT
 * requests per API_RATE_WINDOW_SECONDS, counted per account when the caller is
 * authenticated (runs after AccessGuard), else per client address. Counters in Redis when
 * configured (shared by replicas), else in this process (the embedded single process).
 */
@Injectable()
export class ApiRateLimitGuard implements CanActivate, OnApplicationShutdown, BeforeEarlyTransaction {
  private readonly storage: ThrottlerStorage;
  private readonly own?: ThrottlerStorageService;

  constructor(
    private readonly config: AppConfig,
    @Inject(THROTTLER_STORAGE) redis: RedisThrottlerStorage | null,
    @Inject(JWT_KEY) private readonly key: KeyObject,
    private readonly jwt: JwtService,
  ) {
    if (!redis) this.own = new ThrottlerStorageService();
    this.storage = redis ?? this.own!;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request & { user?: Actor; [COUNTED]?: true }>();
    if (OWN_CEILING.has(req.path) || req[COUNTED]) return true;
    await this.count(req.user ? `user:${req.user.id}` : `address:${req.ip}`, http.getResponse<Response>());
    return true;
  }

  /**
   * A submission counts before its transaction opens on arrival, so that no Redis call runs
   * inside it: against its account when the access token verifies (the same key as once the
   * caller is known; a forged token cannot spend someone else's ceiling), else its address.
   */
  async countBeforeTransaction(req: Request & { [COUNTED]?: true }, res: Response): Promise<void> {
    const header = req.headers.authorization ?? '';
    let subject: string | null = null;
    if (header.startsWith('Bearer ')) {
      try {
        const claims = this.jwt.verify<AccessTokenClaims>(header.slice(7), {
          secret: this.key as unknown as string,
          algorithms: ['HS256'],
        });
        subject = accessTokenIdentity(claims)?.userId ?? null;
      } catch {
        // not a valid access token: counted by address; the guard refuses it afterwards (401)
      }
    }
    await this.count(subject ? `user:${subject}` : `address:${req.ip}`, res);
    req[COUNTED] = true;
  }

  private async count(key: string, res: Response): Promise<void> {
    const ttl = this.config.API_RATE_WINDOW_SECONDS * 1000;
    const record = await this.storage.increment(key, ttl, this.config.API_RATE_LIMIT, ttl, 'api');
    if (record.totalHits <= this.config.API_RATE_LIMIT) return;
    res.setHeader('Retry-After', String(Math.max(1, record.timeToExpire)));
    throw new DomainError('RATE_LIMITED');
  }

  onApplicationShutdown(): void {
    this.own?.onApplicationShutdown();
  }
}
