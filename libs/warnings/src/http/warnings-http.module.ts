import { type AppConfig, CONFIG } from '@app/platform';
import { Module } from '@nestjs/common';
import { AlertStreamController } from './alert-stream.controller';
import { ALERT_STREAM_SETTINGS, AlertStreamService } from './alert-stream.service';
import { alertStreamSettingsOf } from './alert-stream.settings';
import { AlertsController } from './alerts.controller';
import { IntegrityIndexController } from './integrity-index.controller';

/**
 * Alerts for supervisors over HTTP: the `warnings` read model's queries, the warning commands and
 * the alert stream. Needs WarningsModule (global: WARNING_DECIDER), ProjectionsModule with
 * `warningsProjection` registered, and the platform and ledger modules in the app. The stream's
 * heartbeat and retry come from the `alerts` section of LEDGER_POLICY_FILE.
 */
@Module({
  // The stream's route first: `/alerts/stream` is never a warning id.
  controllers: [AlertStreamController, AlertsController, IntegrityIndexController],
  providers: [
    { provide: ALERT_STREAM_SETTINGS, inject: [CONFIG], useFactory: (config: AppConfig) => alertStreamSettingsOf(config) },
    AlertStreamService,
  ],
  exports: [AlertStreamService],
})
export class WarningsHttpModule {}
