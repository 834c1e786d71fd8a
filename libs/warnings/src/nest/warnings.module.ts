import { EVENT_STORE, type EventStore } from '@app/ledger';
import type { WorkingCalendar } from '@app/calendar';
import { type AppConfig, type Clock, CLOCK, CONFIG, ID_SOURCE, type IdSource } from '@app/platform';
import { READ_STORE } from '@app/projections/nest';
import type { ReadStore } from '@app/projections';
import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Global,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { RulesEngine } from '../engine/rules-engine';
import type { RulesEngineSettings } from '../engine/rules-engine.settings';
import type { IntegrityRule } from '../rules/integrity-rule';
import type { WarningDecider } from '../warning.decider';
import {
  integrityRulesFrom,
  RULES_ENGINE_SETTINGS,
  WARNING_DECIDER,
  WARNING_POLICY,
  WARNINGS_CALENDAR,
  warningsProviders,
} from './warnings.providers';

/** The RulesEngine of the app (running or not, see runInProcess). */
export const RULES_ENGINE = Symbol('RULES_ENGINE');
/** The rules the engine applies. */
export const INTEGRITY_RULES = Symbol('INTEGRITY_RULES');
const WARNINGS_OPTIONS = Symbol('WARNINGS_OPTIONS');

export interface WarningsModuleOptions {
  /**
   * Run the rules engine in this process: the embedded API and the worker do; an API whose
   * worker runs the loops does not (config.projectionsInProcess, as for the projections).
   */
  readonly runInProcess: boolean;
  /** Replaces the rules (tests); by default every integrity rule, configured from the policy file. */
  readonly rules?: readonly IntegrityRule[];
}

/**
 * The warning stream's policy and decider, and the rules engine, once per app. Needs PlatformModule
 * (CONFIG, CLOCK, ID_SOURCE), LedgerModule (EVENT_STORE) and ProjectionsModule (READ_STORE, where the
 * engine's checkpoint lives). Global, so the alert routes' module injects WARNING_DECIDER and
 * RULES_ENGINE without importing this one. The engine stops before the read store closes.
 */
@Global()
@Module({})
export class WarningsModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Warnings');

  static forRoot(options: WarningsModuleOptions): DynamicModule {
    return {
      module: WarningsModule,
      providers: [
        ...warningsProviders,
        { provide: WARNINGS_OPTIONS, useValue: options },
        {
          provide: INTEGRITY_RULES,
          inject: [CONFIG, RULES_ENGINE_SETTINGS, WARNINGS_CALENDAR],
          useFactory: (config: AppConfig, settings: RulesEngineSettings, calendar: WorkingCalendar): readonly IntegrityRule[] =>
            options.rules ?? integrityRulesFrom(config, settings, calendar),
        },
        {
          provide: RULES_ENGINE,
          inject: [EVENT_STORE, READ_STORE, WARNING_DECIDER, INTEGRITY_RULES, CLOCK, ID_SOURCE, RULES_ENGINE_SETTINGS],
          useFactory: (
            store: EventStore,
            readStore: ReadStore,
            decider: WarningDecider,
            rules: readonly IntegrityRule[],
            clock: Clock,
            ids: IdSource,
            settings: RulesEngineSettings,
          ): RulesEngine => {
            const logger = new Logger('RulesEngine');
            return new RulesEngine({ store, readStore, decider, rules, clock, ids, settings, log: (message) => logger.warn(message) });
          },
        },
      ],
      exports: [WARNING_POLICY, WARNING_DECIDER, RULES_ENGINE, INTEGRITY_RULES],
    };
  }

  constructor(
    @Inject(WARNINGS_OPTIONS) private readonly options: WarningsModuleOptions,
    @Inject(RULES_ENGINE) private readonly engine: RulesEngine,
  ) {}

  onApplicationBootstrap(): void {
    const count = this.engine.rules.length;
    if (!this.options.runInProcess) {
      this.logger.log(`the rules engine runs in another process (${count} rules)`);
      return;
    }
    // Not awaited: catching up with a long log must not hold the API's start; /health shows the lag.
    void this.engine.start();
    this.logger.log(`rules engine started with ${count} rules`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.engine.stop();
  }
}
