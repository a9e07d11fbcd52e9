import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { AccessGuard } from '../common/auth/access.guard';
import { BEFORE_EARLY_TRANSACTION } from '../common/command/early-transaction';
import { AppConfig } from '../config/app-config';
import { UsersModule } from '../users/users.module';
import { AUTH_THROTTLER, AuthThrottlingModule, RedisThrottlerStorage, THROTTLER_STORAGE } from './auth-throttling';
import { ApiRateLimitGuard } from './api-rate-limit.guard';
import { AccountController } from './account.controller';
import { AuthController } from './auth.controller';
import { PasswordsService } from './passwords.service';
import { AuthService } from './auth.service';
import { jwtKeyProvider, jwtSecretProvider } from './jwt-secret.provider';
import { JwtStrategy } from './jwt.strategy';
import { LoginThrottle } from './login-throttle';

@Module({
  imports: [
    UsersModule,
    AuthThrottlingModule,
    PassportModule,
    JwtModule.register({}),
    ThrottlerModule.forRootAsync({
      imports: [AuthThrottlingModule],
      inject: [AppConfig, THROTTLER_STORAGE],
      useFactory: (config: AppConfig, storage: RedisThrottlerStorage | null) => ({
        throttlers: [
          { name: AUTH_THROTTLER, limit: config.AUTH_RATE_LIMIT, ttl: config.AUTH_RATE_WINDOW_SECONDS * 1000 },
        ],
        storage: storage ?? undefined,
      }),
    }),
  ],
  controllers: [AuthController, AccountController],
  providers: [
    AuthService,
    PasswordsService,
    LoginThrottle,
    JwtStrategy,
    jwtSecretProvider,
    jwtKeyProvider,
    // In this order: the ceiling counts per account, so it runs once the caller is known.
    ApiRateLimitGuard,
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_GUARD, useExisting: ApiRateLimitGuard },
    // A submission counts against the ceiling before its early transaction opens.
    { provide: BEFORE_EARLY_TRANSACTION, useExisting: ApiRateLimitGuard },
  ],
})
export class AuthModule {}
