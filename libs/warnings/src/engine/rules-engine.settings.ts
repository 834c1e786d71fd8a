/** How the engine runs, from the `engine` key of the `warnings` policy section; operational, not domain. */
export interface RulesEngineSettings {
  /** How often time-driven rules (overdue deadlines) are asked what is due. */
  readonly tickIntervalMs: number;
  /** How often unacknowledged warnings past their deadline are escalated. */
  readonly escalationIntervalMs: number;
  /** Most log events folded before their findings are raised and the checkpoint saved. */
  readonly batchSize: number;
  /** Longest a live event waits for others to share its batch (the floor of append-to-raise latency). */
  readonly batchMaxMs: number;
  /** RaiseWarning commands in flight at once (each warning is its own stream). */
  readonly raiseConcurrency: number;
  /** After a failure (a store outage), the engine rebuilds and resumes after this long. */
  readonly restartDelayMs: number;
  /** Passed as they are to the rules' factory (`rules` key of the section). */
  readonly rules: Readonly<Record<string, unknown>>;
}

export const RULES_ENGINE_SETTINGS_KEYS: readonly string[] = Object.freeze(['engine', 'rules']);

export const DEFAULT_RULES_ENGINE_SETTINGS: RulesEngineSettings = Object.freeze({
  tickIntervalMs: 60_000,
  escalationIntervalMs: 60_000,
  batchSize: 500,
  batchMaxMs: 20,
  raiseConcurrency: 8,
  restartDelayMs: 5_000,
  rules: Object.freeze({}),
});

const LIMITS: Readonly<Record<Exclude<keyof RulesEngineSettings, 'rules'>, readonly [number, number]>> = {
  tickIntervalMs: [100, 86_400_000],
  escalationIntervalMs: [100, 86_400_000],
  batchSize: [1, 10_000],
  batchMaxMs: [0, 10_000],
  raiseConcurrency: [1, 64],
  restartDelayMs: [0, 600_000],
};

/** Validates the `engine` and `rules` keys of the section; throws RangeError naming a bad value. */
export function rulesEngineSettingsFrom(section: Readonly<Record<string, unknown>>): RulesEngineSettings {
  const engine = objectOr(section.engine, 'engine');
  const rules = objectOr(section.rules, 'rules');
  const settings: Record<string, unknown> = { ...DEFAULT_RULES_ENGINE_SETTINGS, rules: Object.freeze({ ...rules }) };
  for (const [key, value] of Object.entries(engine)) {
    const limits = (LIMITS as Record<string, readonly [number, number] | undefined>)[key];
    if (!limits) throw new RangeError(`engine: unknown ${key}; the settings are ${Object.keys(LIMITS).join(', ')}`);
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < limits[0] || value > limits[1]) {
      throw new RangeError(`engine.${key} must be a whole number from ${limits[0]} to ${limits[1]}, got ${String(value)}`);
    }
    settings[key] = value;
  }
  return Object.freeze(settings) as unknown as RulesEngineSettings;
}

function objectOr(value: unknown, name: string): Readonly<Record<string, unknown>> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new RangeError(`${name} must be an object`);
  return value as Record<string, unknown>;
}
