import { Module, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import type { Redis } from 'ioredis';
import { lazyModule } from '../common/util/lazy-module';
import { AppConfig } from '../config/app-config';

// Loaded only with REDIS_URL (the embedded default counts in memory).
const ioredis = lazyModule<typeof import('ioredis')>('ioredis');

// The name 'default' keeps the standard header names (Retry-After, X-RateLimit-*).
export const AUTH_THROTTLER = 'default';

const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { hits, redis.call('PTTL', KEYS[1]) }`;

/**
 * Rate-limit counters in Redis, so that every API replica counts the same requests
 * (fixed window per client address and route). Without Redis the throttler's in-memory
 * storage is used: the embedded default is a single process.
 */
export class RedisThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    // A Redis that answers nothing counts as away after 2 s: a submission waits on this
    // counter just before its transaction opens on arrival (docs/proposals.md, P2).
    this.redis = new (ioredis().Redis)(url, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      commandTimeout: 2000,
    });
    this.redis.on('error', () => undefined);
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    _block: number,
    name: string,
  ): Promise<ThrottlerStorageRecord> {
    try {
      const [hits, pttl] = (await this.redis.eval(INCREMENT, 1, `${this.prefix}:throttle:${name}:${key}`, ttl)) as [
        number,
        number,
      ];
      const seconds = Math.max(0, Math.ceil(pttl / 1000));
      return {
        totalHits: hits,
        timeToExpire: seconds,
        isBlocked: hits > limit,
        timeToBlockExpire: hits > limit ? seconds : 0,
      };
    } catch {
      // Redis away: do not lock everybody out of the login page.
      return { totalHits: 0, timeToExpire: 0, isBlocked: false, timeToBlockExpire: 0 };
    }
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}

export const THROTTLER_STORAGE = Symbol('THROTTLER_STORAGE');

/**
 * Provides the Redis storage (or null: in-memory) as a Nest provider, so that its Redis
 * connection is closed at shutdown like every other.
 */
@Module({
  providers: [
    {
      provide: THROTTLER_STORAGE,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        config.REDIS_URL ? new RedisThrottlerStorage(config.REDIS_URL, config.BULLMQ_PREFIX) : null,
    },
  ],
  exports: [THROTTLER_STORAGE],
})
export class AuthThrottlingModule {}
