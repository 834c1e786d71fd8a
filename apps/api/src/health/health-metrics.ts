import { NotaryHealth } from '@app/integrity/nest';
import { EVENT_STORE, type EventStore } from '@app/ledger';
import { LEDGER_METRICS, type LedgerMetrics } from '@app/platform/observability/metrics';
import type { ProjectionProgress } from '@app/projections';
import { PROJECTION_RUNNER } from '@app/projections/nest';
import type { RulesEngine } from '@app/warnings/engine';
import { AlertStreamService } from '@app/warnings/http';
import { RULES_ENGINE } from '@app/warnings/nest';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';

/**
 * The gauges read at scrape time from what /health shows: the log head, each projection's lag, the
 * notary's lag, the warnings the rules engine raised, the open alert streams.
 */
@Injectable()
export class HealthMetrics implements OnModuleInit {
  constructor(
    @Inject(LEDGER_METRICS) private readonly metrics: LedgerMetrics,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionProgress,
    private readonly notary: NotaryHealth,
    @Inject(RULES_ENGINE) private readonly engine: RulesEngine,
    private readonly modules: ModuleRef,
  ) {}

  onModuleInit(): void {
    const { metrics } = this;
    metrics.observedGauge({ name: 'ledger_log_events', help: 'Events in the log' }, async (gauge) => {
      gauge.set(Number((await this.store.head()).eventCount));
    });
    metrics.observedGauge(
      { name: 'ledger_projection_lag_events', help: 'Log events a projection has not applied yet', labelNames: ['projection'] },
      async (gauge) => {
        for (const status of await this.runner.status()) gauge.set({ projection: status.name }, status.lag);
      },
    );
    metrics.observedGauge(
      { name: 'ledger_projection_failed', help: '1 while a projection has failed', labelNames: ['projection'] },
      async (gauge) => {
        for (const status of await this.runner.status()) gauge.set({ projection: status.name }, status.state === 'failed' ? 1 : 0);
      },
    );
    metrics.observedGauge({ name: 'ledger_notary_lag_events', help: 'Log events not yet in the Merkle tree' }, async (gauge) => {
      gauge.set((await this.notary.status(await this.store.head())).lag);
    });
    metrics.observedGauge(
      { name: 'ledger_notary_unsigned_leaves', help: 'Leaves of the Merkle tree no signed tree head covers yet' },
      async (gauge) => {
        const status = await this.notary.status(await this.store.head());
        gauge.set(Math.max(0, status.treeSize - status.signedTreeSize));
      },
    );
    metrics.followedCounter(
      { name: 'ledger_warnings_raised_total', help: 'Integrity warnings the rules engine of this process raised' },
      async () => (await this.engine.status()).warningsRaised,
    );
    const streams = this.alertStreams();
    metrics.observedGauge({ name: 'ledger_alert_stream_clients', help: 'Open alert streams (server-sent events)' }, async (gauge) => {
      gauge.set(streams?.connections ?? 0);
    });
  }

  private alertStreams(): AlertStreamService | undefined {
    try {
      return this.modules.get(AlertStreamService, { strict: false });
    } catch {
      return undefined; // an app without the alert routes
    }
  }
}
