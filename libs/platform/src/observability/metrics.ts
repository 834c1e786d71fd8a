import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Injection token of the app's LedgerMetrics. */
export const LEDGER_METRICS = Symbol('LEDGER_METRICS');

/**
 * The app's Prometheus metrics in a registry of its own (not prom-client's global one), so several
 * apps in one process, as in tests, never share or collide.
 */
export class LedgerMetrics {
  readonly registry = new Registry();

  /** Appends by store kind and result: appended, replayed (a retried command id), conflict, error. */
  readonly appends = new Counter({
    name: 'ledger_appends_total',
    help: 'Appends to the event store by store kind and result',
    labelNames: ['store', 'result'] as const,
    registers: [this.registry],
  });

  readonly appendedEvents = new Counter({
    name: 'ledger_appended_events_total',
    help: 'Events appended to the event store',
    labelNames: ['store'] as const,
    registers: [this.registry],
  });

  readonly appendSeconds = new Histogram({
    name: 'ledger_append_duration_seconds',
    help: 'Time from an append call to its commit (group commit included)',
    labelNames: ['store', 'result'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly httpRequests = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor(options: { readonly defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** A gauge whose values are read at scrape time; a failing read keeps the last values. */
  observedGauge<L extends string>(
    config: { name: string; help: string; labelNames?: readonly L[] },
    read: (gauge: Gauge<L>) => Promise<void>,
  ): Gauge<L> {
    return new Gauge<L>({
      name: config.name,
      help: config.help,
      labelNames: config.labelNames ?? [],
      registers: [this.registry],
      async collect() {
        try {
          await read(this);
        } catch {
          // A scrape during an outage still answers; readiness reports the outage.
        }
      },
    });
  }

  /** A counter that follows a running total kept elsewhere (it only ever moves up). */
  followedCounter(config: { name: string; help: string }, read: () => Promise<number>): Counter {
    let last = 0;
    return new Counter({
      ...config,
      registers: [this.registry],
      async collect() {
        try {
          const total = await read();
          if (total > last) this.inc(total - last);
          last = Math.max(last, total);
        } catch {
          // As for gauges: keep the last value.
        }
      },
    });
  }

  scrape(): Promise<string> {
    return this.registry.metrics();
  }
}

type RoutedRequest = IncomingMessage & { route?: { path?: unknown }; baseUrl?: string };

/**
 * Express middleware timing every request; labelled by the route pattern (`/cases/:caseId`), never
 * the raw path, so an id in the URL does not make a series of its own.
 */
export function httpMetricsMiddleware(metrics: LedgerMetrics) {
  return (request: RoutedRequest, response: ServerResponse, next: () => void): void => {
    const end = metrics.httpRequests.startTimer();
    response.once('finish', () => {
      const path = request.route?.path;
      const route = typeof path === 'string' ? `${request.baseUrl ?? ''}${path}` : 'unmatched';
      end({ method: request.method ?? 'GET', route, status: String(response.statusCode) });
    });
    next();
  };
}
