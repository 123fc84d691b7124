import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { ApiConfig } from '../config/api-config';
import { API_CONFIG } from '../config/api-config.token';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { CsrfGuard } from './guards/csrf.guard';
import { RolesGuard } from './guards/roles.guard';
import { SessionGuard } from './guards/session.guard';
import { LOGIN_THROTTLE_BY_EMAIL, LOGIN_THROTTLE_BY_IP, loginEmailTracker, LoginThrottlerGuard } from './login-throttler.guard';
import { SessionAuthenticator } from './session-authenticator';
import { SessionService } from './session.service';
import { UsersService } from './users.service';

@Module({
  imports: [
    // In-memory counters: enough for one API instance. Several instances each count on their own,
    // so the effective limit multiplies by the number of instances.
    ThrottlerModule.forRootAsync({
      inject: [API_CONFIG],
      useFactory: (config: ApiConfig) => ({
        throttlers: [
          { name: LOGIN_THROTTLE_BY_IP, ttl: config.loginThrottle.ttlMs, limit: config.loginThrottle.perIp },
          {
            name: LOGIN_THROTTLE_BY_EMAIL,
            ttl: config.loginThrottle.ttlMs,
            limit: config.loginThrottle.perEmail,
            getTracker: loginEmailTracker,
          },
        ],
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    SessionService,
    UsersService,
    LoginThrottlerGuard,
    { provide: SessionAuthenticator, useExisting: SessionService },
    // Global guards run in this order: who are you (401), is this write yours (403), may your role
    // do it (403).
    { provide: APP_GUARD, useClass: SessionGuard },
    { provide: APP_GUARD, useClass: CsrfGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [SessionService],
})
export class AuthModule {}
