import { type AppConfig, policySection } from '@app/platform';

/** How `GET /alerts/stream` keeps its connections: the `alerts` section of LEDGER_POLICY_FILE. */
export interface AlertStreamSettings {
  /** A comment line this often keeps proxies from closing an idle stream. */
  readonly heartbeatMs: number;
  /** Sent as the stream's `retry:`: how long a client waits before reconnecting. */
  readonly retryMs: number;
}

export const DEFAULT_ALERT_STREAM_SETTINGS: AlertStreamSettings = Object.freeze({ heartbeatMs: 15_000, retryMs: 2_000 });

const LIMITS: Readonly<Record<keyof AlertStreamSettings, readonly [number, number]>> = {
  heartbeatMs: [100, 600_000],
  retryMs: [100, 600_000],
};

/** Validates the section once at start-up; an unknown key or a bad value stops the start, naming it. */
export function alertStreamSettingsFrom(values: Readonly<Record<string, unknown>>): AlertStreamSettings {
  const settings: Record<string, number> = { ...DEFAULT_ALERT_STREAM_SETTINGS };
  for (const [key, value] of Object.entries(values)) {
    const limits = (LIMITS as Record<string, readonly [number, number] | undefined>)[key];
    if (!limits) throw new RangeError(`unknown ${key}; the settings are ${Object.keys(LIMITS).join(', ')}`);
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < limits[0] || value > limits[1]) {
      throw new RangeError(`${key} must be a whole number of milliseconds from ${limits[0]} to ${limits[1]}, got ${String(value)}`);
    }
    settings[key] = value;
  }
  return Object.freeze(settings) as unknown as AlertStreamSettings;
}

export function alertStreamSettingsOf(config: AppConfig): AlertStreamSettings {
  return policySection(config, 'alerts', alertStreamSettingsFrom);
}
