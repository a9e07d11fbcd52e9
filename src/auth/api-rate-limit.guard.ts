import { CanActivate, ExecutionContext, Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import type { Actor } from '../common/auth/actor';
import { DomainError } from '../common/errors/domain-error';
import { AppConfig } from '../config/app-config';
import { RedisThrottlerStorage, THROTTLER_STORAGE } from './auth-throttling';

/** Routes with a ceiling of their own (log-in: LoginThrottle) or that must always answer (probes). */
const OWN_CEILING = new Set(['/api/v1/auth/login', '/health/live', '/health/ready']);

/**
 * The request-rate ceiling of every route (README “Limits on requests”): API_RATE_LIMIT
 * requests per API_RATE_WINDOW_SECONDS, counted per account when the caller is
 * authenticated (runs after AccessGuard), else per client address. Counters in Redis when
 * configured (shared by replicas), else in this process (the embedded single process).
 */
@Injectable()
export class ApiRateLimitGuard implements CanActivate, OnApplicationShutdown {
  private readonly storage: ThrottlerStorage;
  private readonly own?: ThrottlerStorageService;

  constructor(
    private readonly config: AppConfig,
    @Inject(THROTTLER_STORAGE) redis: RedisThrottlerStorage | null,
  ) {
    if (!redis) this.own = new ThrottlerStorageService();
    this.storage = redis ?? this.own!;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request & { user?: Actor }>();
    if (OWN_CEILING.has(req.path)) return true;
    const key = req.user ? `user:${req.user.id}` : `address:${req.ip}`;
    const ttl = this.config.API_RATE_WINDOW_SECONDS * 1000;
    const record = await this.storage.increment(key, ttl, this.config.API_RATE_LIMIT, ttl, 'api');
    if (record.totalHits <= this.config.API_RATE_LIMIT) return true;
    http.getResponse<Response>().setHeader('Retry-After', String(Math.max(1, record.timeToExpire)));
    throw new DomainError('RATE_LIMITED');
  }

  onApplicationShutdown(): void {
    this.own?.onApplicationShutdown();
  }
}
