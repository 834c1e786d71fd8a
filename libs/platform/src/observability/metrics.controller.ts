import { Controller, Get, Header, Headers, Inject, UnauthorizedException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Public } from '../auth/auth.decorators';
import type { AppConfig } from '../config';
import { CONFIG } from '../platform.module';
import { LEDGER_METRICS, type LedgerMetrics } from './metrics';

/**
 * Prometheus scrapes GET /metrics. Public by default (the default bind is loopback); with
 * LEDGER_METRICS_TOKEN set it needs `Authorization: Bearer <that token>`, not a user's JWT: a
 * scraper is no official.
 */
@Public()
@SkipThrottle()
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  private readonly expected: Buffer | null;

  constructor(
    @Inject(LEDGER_METRICS) private readonly metrics: LedgerMetrics,
    @Inject(CONFIG) config: AppConfig,
  ) {
    const token = config.observability.metricsToken;
    this.expected = token === null ? null : digest(`Bearer ${token}`);
  }

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async scrape(@Headers('authorization') authorization?: string): Promise<string> {
    // Digests of equal length, so the comparison takes the same time whatever was sent.
    if (this.expected && !timingSafeEqual(this.expected, digest(authorization ?? ''))) {
      throw new UnauthorizedException('GET /metrics needs Authorization: Bearer <LEDGER_METRICS_TOKEN>');
    }
    return this.metrics.scrape();
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
