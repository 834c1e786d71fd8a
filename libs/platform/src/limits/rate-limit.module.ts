import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import type { Principal } from '../auth/principal';
import type { AppConfig } from '../config';

const MINUTE_MS = 60_000;

/**
 * Whom a request counts against: the official (the token's `sub`) once authenticated, so one
 * official's retries cannot starve a colleague behind the same proxy; else the client address.
 */
export function rateLimitTracker(request: { principal?: Principal; ip?: string }): string {
  return request.principal ? `sub:${request.principal.sub}` : `ip:${request.ip ?? 'unknown'}`;
}

/**
 * At most LEDGER_RATE_LIMIT_PER_MINUTE requests per token and minute (0: no limit); beyond, a 429
 * problem with Retry-After. Import it after AuthModule: global guards run in the order their
 * modules are imported, and the tracker needs the principal the AuthGuard sets. Counts are kept in
 * this process: behind a load balancer each instance allows the limit on its own.
 */
@Module({})
export class RateLimitModule {
  static forRoot(config: AppConfig): DynamicModule {
    const limit = config.http.rateLimitPerMinute;
    if (limit === 0) return { module: RateLimitModule };
    return {
      module: RateLimitModule,
      imports: [
        ThrottlerModule.forRoot({
          throttlers: [{ name: 'default', ttl: MINUTE_MS, limit }],
          getTracker: (request) => rateLimitTracker(request),
          errorMessage: `too many requests: at most ${limit} a minute per token; retry after the time in Retry-After`,
        }),
      ],
      providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }],
    };
  }
}
