import type { EventStoreConfig } from '@app/ledger/create-event-store';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * How bearer tokens are verified. `embedded`: the API signs its own (EdDSA, Ed25519) with a key
 * pair kept under `keyDir`, and `ledger token` issues them. `jwks`: an identity provider signs
 * them and publishes its public keys at `jwksUrl`.
 */
export type AuthSettings =
  | {
      readonly kind: 'embedded';
      readonly keyDir: string;
      readonly issuer: string;
      readonly audience: string;
      readonly clockToleranceSeconds: number;
    }
  | {
      readonly kind: 'jwks';
      readonly jwksUrl: string;
      readonly issuer: string;
      readonly audience: string;
      readonly clockToleranceSeconds: number;
      /** How long one fetch of the key set may take before the request is answered 503. */
      readonly jwksTimeoutMs: number;
    };

export type StoreSettings =
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres'; readonly databaseUrl: string; readonly schema: string }
  /** The ledger on EventStoreDB / KurrentDB; read models and the Merkle log in PostgreSQL. */
  | { readonly kind: 'esdb'; readonly esdbUrl: string; readonly databaseUrl: string; readonly schema: string };

/** The validated configuration of every process (api, worker, cli); deep-frozen. */
export interface AppConfig {
  /** Absolute path of the directory holding the embedded store and local files. */
  readonly dataDir: string;
  readonly store: StoreSettings;
  readonly http: {
    readonly host: string;
    readonly port: number;
    /** Largest accepted request body, in bytes. */
    readonly bodyLimitBytes: number;
    /** Requests one token (or, unauthenticated, one address) may make per minute; 0: no limit. */
    readonly rateLimitPerMinute: number;
  };
  readonly observability: ObservabilitySettings;
  /** How often readers of the log look for appends made by other processes. */
  readonly pollIntervalMs: number;
  /** How long a process may take to close cleanly after SIGTERM before it is stopped anyway. */
  readonly shutdownTimeoutMs: number;
  /**
   * Whether the API applies the projections itself (the embedded default: one process is the
   * whole system) or leaves them to apps/worker.
   */
  readonly projectionsInProcess: boolean;
  readonly auth: AuthSettings;
  /**
   * Overrides of the domain numbers (deadlines, ratios, holidays, ...) by context name, read from
   * LEDGER_POLICY_FILE; each context validates its own section when it starts. Empty: defaults.
   */
  readonly policy: PolicyOverrides;
  readonly treeHeads: TreeHeadSettings;
  readonly console: ConsoleSettings;
}

/** The web console at /console. */
export interface ConsoleSettings {
  /**
   * Whether `/dev-sign-in` lists the officials recorded in the ledger and signs a short-lived token
   * for the one picked. Only ever on with the embedded default's own tokens.
   */
  readonly devSignIn: boolean;
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Logs, metrics and probes. */
export interface ObservabilitySettings {
  readonly logLevel: LogLevel;
  /** When set, GET /metrics needs `Authorization: Bearer <token>`; else it is public. */
  readonly metricsToken: string | null;
  /**
   * GET /health/ready fails when a projection has been behind the log and has applied nothing for
   * this long (or has failed).
   */
  readonly projectionStuckMs: number;
}

/** How the notary signs tree heads of the Merkle log (DESIGN §4). */
export interface TreeHeadSettings {
  /** The Ed25519 signing key, PKCS #8 PEM. */
  readonly keyFile: string;
  /** Its public half beside it (SubjectPublicKeyInfo PEM): what inspectors are given. */
  readonly publicKeyFile: string;
  /**
   * True when keyFile is the embedded default under the data directory, which `ledger init` or
   * the first start makes; a key file named by LEDGER_TREE_HEAD_KEY_FILE must already exist.
   */
  readonly embeddedKey: boolean;
  /** A head is signed once the tree has grown by this many leaves since the last one, */
  readonly everyEvents: number;
  /** or once it has held leaves no head covers for this many seconds, whichever comes first. */
  readonly everySeconds: number;
}

/** Sections of the policy file: `calendar`, `cases`, `standards`, `delegation`, `officials`, ... */
export type PolicyOverrides = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** Values given on a command line; they win over the environment and are validated the same way. */
export interface ConfigOverrides {
  readonly store?: string;
  readonly dataDir?: string;
  readonly databaseUrl?: string;
  readonly esdbUrl?: string;
  readonly pgSchema?: string;
  readonly host?: string;
  readonly port?: string | number;
  readonly pollIntervalMs?: string | number;
  readonly shutdownTimeoutMs?: string | number;
  readonly bodyLimit?: string | number;
  readonly jwksUrl?: string;
  readonly jwtIssuer?: string;
  readonly jwtAudience?: string;
  readonly policyFile?: string;
  readonly jwksTimeoutMs?: string | number;
  readonly jwtClockToleranceSeconds?: string | number;
  readonly projectionsInProcess?: string | boolean;
  readonly treeHeadKeyFile?: string;
  readonly treeHeadEveryEvents?: string | number;
  readonly treeHeadEverySeconds?: string | number;
  readonly logLevel?: string;
  readonly rateLimitPerMinute?: string | number;
  readonly metricsToken?: string;
  readonly projectionStuckMs?: string | number;
  readonly consoleDevSignIn?: string | boolean;
}

export interface ConfigProblem {
  /** The environment variable (and the flag, when the value came from one). */
  readonly setting: string;
  readonly message: string;
}

/** Thrown at start-up when a setting is missing or invalid; lists every problem at once. */
export class ConfigError extends Error {
  readonly code = 'invalid-config';
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p.setting} ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Each setting: its environment variable, the override key that can replace it, its default. */
const SETTINGS = {
  store: { env: 'LEDGER_STORE', flag: '--store' },
  dataDir: { env: 'LEDGER_DATA_DIR', flag: '--data-dir' },
  databaseUrl: { env: 'DATABASE_URL', flag: '--database-url' },
  esdbUrl: { env: 'ESDB_URL', flag: '--esdb-url' },
  pgSchema: { env: 'LEDGER_PG_SCHEMA', flag: '--pg-schema' },
  host: { env: 'HOST', flag: '--host' },
  port: { env: 'PORT', flag: '--port' },
  pollIntervalMs: { env: 'LEDGER_POLL_INTERVAL_MS', flag: '--poll-interval-ms' },
  shutdownTimeoutMs: { env: 'SHUTDOWN_TIMEOUT_MS', flag: '--shutdown-timeout-ms' },
  bodyLimit: { env: 'LEDGER_BODY_LIMIT', flag: '--body-limit' },
  jwksUrl: { env: 'LEDGER_JWKS_URL', flag: '--jwks-url' },
  jwtIssuer: { env: 'LEDGER_JWT_ISSUER', flag: '--jwt-issuer' },
  jwtAudience: { env: 'LEDGER_JWT_AUDIENCE', flag: '--jwt-audience' },
  jwksTimeoutMs: { env: 'LEDGER_JWKS_TIMEOUT_MS', flag: '--jwks-timeout-ms' },
  jwtClockToleranceSeconds: { env: 'LEDGER_JWT_CLOCK_TOLERANCE_S', flag: '--jwt-clock-tolerance-s' },
  policyFile: { env: 'LEDGER_POLICY_FILE', flag: '--policy-file' },
  projectionsInProcess: { env: 'LEDGER_PROJECTIONS_IN_PROCESS', flag: '--projections-in-process' },
  treeHeadKeyFile: { env: 'LEDGER_TREE_HEAD_KEY_FILE', flag: '--tree-head-key-file' },
  treeHeadEveryEvents: { env: 'LEDGER_TREE_HEAD_EVERY_EVENTS', flag: '--tree-head-every-events' },
  treeHeadEverySeconds: { env: 'LEDGER_TREE_HEAD_EVERY_SECONDS', flag: '--tree-head-every-seconds' },
  logLevel: { env: 'LOG_LEVEL', flag: '--log-level' },
  rateLimitPerMinute: { env: 'LEDGER_RATE_LIMIT_PER_MINUTE', flag: '--rate-limit-per-minute' },
  metricsToken: { env: 'LEDGER_METRICS_TOKEN', flag: '--metrics-token' },
  projectionStuckMs: { env: 'LEDGER_READY_PROJECTION_STUCK_MS', flag: '--ready-projection-stuck-ms' },
  consoleDevSignIn: { env: 'LEDGER_CONSOLE_DEV_SIGN_IN', flag: '--console-dev-sign-in' },
} as const satisfies Record<keyof ConfigOverrides, { env: string; flag: string }>;

type Key = keyof typeof SETTINGS;

export const DEFAULTS = {
  store: 'sqlite',
  dataDir: './data',
  pgSchema: 'ledger',
  // Loopback: the embedded default must not be reachable from the network until someone says so.
  host: '127.0.0.1',
  port: 3000,
  pollIntervalMs: 200,
  shutdownTimeoutMs: 10_000,
  bodyLimitBytes: 1024 * 1024,
  jwtIssuer: 'urn:assistance-ledger',
  jwtAudience: 'urn:assistance-ledger:api',
  jwksTimeoutMs: 5000,
  jwtClockToleranceSeconds: 30,
  treeHeadEveryEvents: 1000,
  treeHeadEverySeconds: 10,
  logLevel: 'info',
  rateLimitPerMinute: 600,
  projectionStuckMs: 60_000,
} as const;

export const SQLITE_FILE_NAME = 'ledger.sqlite';

/** Sub-directory of the data directory holding the embedded token signing key pair. */
export const KEY_DIR_NAME = 'keys';

/** The embedded default's tree-head signing key, in KEY_DIR_NAME. */
export const TREE_HEAD_KEY_FILE_NAME = 'tree-head-ed25519.pem';

/** The environment variable naming the tree-head key file, for messages that tell how to fix it. */
export const TREE_HEAD_KEY_SETTING = 'LEDGER_TREE_HEAD_KEY_FILE';

/** The public key file beside a private one: `x.pem` → `x.pub.pem`. */
export function treeHeadPublicKeyFile(keyFile: string): string {
  return keyFile.endsWith('.pem') ? `${keyFile.slice(0, -'.pem'.length)}.pub.pem` : `${keyFile}.pub.pem`;
}

/**
 * Reads and validates the configuration once, at start-up. Nothing else reads process.env.
 * Empty variables count as unset (compose files often declare `FOO=`).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}): AppConfig {
  const problems: ConfigProblem[] = [];
  const raw = (key: Key): { value: string | undefined; setting: string } => {
    const { env: name, flag } = SETTINGS[key];
    const override = overrides[key];
    if (override !== undefined && String(override).trim() !== '') {
      return { value: String(override).trim(), setting: `${flag} (${name})` };
    }
    const fromEnv = env[name]?.trim();
    return { value: fromEnv === '' ? undefined : fromEnv, setting: name };
  };
  const fail = (setting: string, message: string): undefined => {
    problems.push({ setting, message });
    return undefined;
  };

  const kind = oneOf(raw('store'), ['sqlite', 'postgres', 'esdb'], DEFAULTS.store, fail);
  const dataDir = resolve(raw('dataDir').value ?? DEFAULTS.dataDir);
  const host = hostName(raw('host'), fail);
  const port = integer(raw('port'), DEFAULTS.port, 0, 65_535, fail);
  const pollIntervalMs = integer(raw('pollIntervalMs'), DEFAULTS.pollIntervalMs, 10, 60_000, fail);
  const shutdownTimeoutMs = integer(raw('shutdownTimeoutMs'), DEFAULTS.shutdownTimeoutMs, 0, 600_000, fail);
  const bodyLimitBytes = byteSize(raw('bodyLimit'), fail);
  const auth = authSettings(raw, dataDir, fail);
  const policy = policyOverrides(raw('policyFile'), fail);
  const inProcess = oneOf(raw('projectionsInProcess'), ['true', 'false'], 'true', fail);
  const treeHeads = treeHeadSettings(raw, dataDir, fail);
  const rateLimitPerMinute = integer(raw('rateLimitPerMinute'), DEFAULTS.rateLimitPerMinute, 0, 1_000_000, fail);
  const observability = observabilitySettings(raw, fail);
  const consoleSettings = auth && host !== undefined ? consoleSettingsOf(raw('consoleDevSignIn'), auth, host, fail) : undefined;

  let store: StoreSettings | undefined;
  if (kind === 'sqlite') {
    store = { kind, file: join(dataDir, SQLITE_FILE_NAME) };
  } else if (kind === 'postgres') {
    const databaseUrl = postgresUrl(raw('databaseUrl'), fail);
    const schema = identifier(raw('pgSchema'), fail);
    if (databaseUrl !== undefined && schema !== undefined) store = { kind, databaseUrl, schema };
  } else if (kind === 'esdb') {
    const esdbUrl = esdbConnectionString(raw('esdbUrl'), fail);
    const databaseUrl = postgresUrl(raw('databaseUrl'), fail, kind);
    const schema = identifier(raw('pgSchema'), fail);
    if (esdbUrl !== undefined && databaseUrl !== undefined && schema !== undefined) store = { kind, esdbUrl, databaseUrl, schema };
  }

  if (
    problems.length > 0 ||
    !store ||
    !auth ||
    !treeHeads ||
    !observability ||
    !consoleSettings ||
    host === undefined ||
    port === undefined ||
    rateLimitPerMinute === undefined
  ) {
    throw new ConfigError(problems);
  }
  return deepFreeze({
    dataDir,
    store,
    http: { host, port, bodyLimitBytes: bodyLimitBytes ?? DEFAULTS.bodyLimitBytes, rateLimitPerMinute },
    observability,
    pollIntervalMs: pollIntervalMs ?? DEFAULTS.pollIntervalMs,
    shutdownTimeoutMs: shutdownTimeoutMs ?? DEFAULTS.shutdownTimeoutMs,
    auth,
    policy: policy ?? {},
    projectionsInProcess: inProcess !== 'false',
    treeHeads,
    console: consoleSettings,
  });
}

/**
 * The development sign-in hands out tokens to whoever opens the console, so by default it is on
 * only where nobody else can reach it: the embedded default's own tokens on a loopback address.
 * With an identity provider it cannot be turned on at all.
 */
function consoleSettingsOf(raw: Raw, auth: AuthSettings, host: string, fail: Fail): ConsoleSettings | undefined {
  const loopback = host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
  const fallback = auth.kind === 'embedded' && loopback ? 'true' : 'false';
  const value = oneOf(raw, ['true', 'false'], fallback, fail);
  if (value === undefined) return undefined;
  if (value === 'true' && auth.kind !== 'embedded') {
    return fail(raw.setting, 'cannot be true with an identity provider (LEDGER_JWKS_URL): its tokens come from the provider');
  }
  return { devSignIn: value === 'true' };
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function observabilitySettings(raw: (key: Key) => Raw, fail: Fail): ObservabilitySettings | undefined {
  const logLevel = oneOf(raw('logLevel'), LOG_LEVELS, DEFAULTS.logLevel, fail);
  const projectionStuckMs = integer(raw('projectionStuckMs'), DEFAULTS.projectionStuckMs, 1000, 86_400_000, fail);
  const token = raw('metricsToken');
  let metricsToken: string | null = null;
  if (token.value !== undefined) {
    // The value is a secret: say what is wrong without echoing it.
    if (token.value.length >= 16 && token.value.length <= 500 && /^[\x21-\x7e]+$/.test(token.value)) metricsToken = token.value;
    else fail(token.setting, 'must be 16 to 500 printable characters without spaces');
  }
  if (logLevel === undefined || projectionStuckMs === undefined) return undefined;
  if (token.value !== undefined && metricsToken === null) return undefined;
  return { logLevel, metricsToken, projectionStuckMs };
}

function treeHeadSettings(raw: (key: Key) => Raw, dataDir: string, fail: Fail): TreeHeadSettings | undefined {
  const everyEvents = integer(raw('treeHeadEveryEvents'), DEFAULTS.treeHeadEveryEvents, 1, 10_000_000, fail);
  const everySeconds = integer(raw('treeHeadEverySeconds'), DEFAULTS.treeHeadEverySeconds, 1, 86_400, fail);
  const configured = raw('treeHeadKeyFile').value;
  const keyFile = configured === undefined ? join(dataDir, KEY_DIR_NAME, TREE_HEAD_KEY_FILE_NAME) : resolve(configured);
  if (everyEvents === undefined || everySeconds === undefined) return undefined;
  return {
    keyFile,
    publicKeyFile: treeHeadPublicKeyFile(keyFile),
    embeddedKey: configured === undefined,
    everyEvents,
    everySeconds,
  };
}

/** The policy file: a JSON object of sections, each a JSON object; read once, here. */
function policyOverrides(raw: Raw, fail: (setting: string, message: string) => undefined): PolicyOverrides | undefined {
  if (raw.value === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(resolve(raw.value), 'utf8'));
  } catch (error) {
    return fail(raw.setting, `cannot read the policy file ${raw.value}: ${(error as Error).message}`);
  }
  const isObject = (value: unknown): value is Record<string, unknown> =>
    value !== null && typeof value === 'object' && !Array.isArray(value);
  if (!isObject(parsed) || !Object.values(parsed).every(isObject)) {
    return fail(raw.setting, `${raw.value} must hold a JSON object of sections, each a JSON object`);
  }
  return parsed as PolicyOverrides;
}

/** What the ledger's createEventStore needs to open the configured store. */
export function toEventStoreConfig(config: AppConfig): EventStoreConfig {
  const { store, pollIntervalMs } = config;
  if (store.kind === 'esdb') return { kind: 'eventstoredb', connectionString: store.esdbUrl };
  return store.kind === 'sqlite'
    ? { kind: 'sqlite', file: store.file, pollIntervalMs }
    : { kind: 'postgres', connectionString: store.databaseUrl, schema: store.schema, pollIntervalMs };
}

/** The store in words, for logs and CLI output, with any password hidden. */
export function describeStore(config: AppConfig): string {
  const { store } = config;
  if (store.kind === 'esdb') {
    // The connection string may list several hosts, which URL cannot parse: hide the password by hand.
    const esdb = store.esdbUrl.replace(/^([a-z+]+:\/\/[^:@/]*):[^@/]*@/i, '$1:***@');
    return `EventStoreDB ${esdb}, read models in PostgreSQL ${redactUrl(store.databaseUrl)} (schema ${store.schema}_read)`;
  }
  return store.kind === 'sqlite'
    ? `SQLite ${store.file}`
    : `PostgreSQL ${redactUrl(store.databaseUrl)} (schema ${store.schema})`;
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable url>';
  }
}

type Raw = { value: string | undefined; setting: string };
type Fail = (setting: string, message: string) => undefined;

/**
 * An identity provider's issuer and audience have no sensible default, so they are required with
 * a JWKS URL: accepting any issuer's tokens would accept tokens minted for another service.
 */
function authSettings(raw: (key: Key) => Raw, dataDir: string, fail: Fail): AuthSettings | undefined {
  const tolerance = raw('jwtClockToleranceSeconds');
  const clockToleranceSeconds = integer(tolerance, DEFAULTS.jwtClockToleranceSeconds, 0, 300, fail);
  const jwksUrlRaw = raw('jwksUrl');
  if (jwksUrlRaw.value === undefined) {
    const issuer = claimValue(raw('jwtIssuer'), DEFAULTS.jwtIssuer, fail);
    const audience = claimValue(raw('jwtAudience'), DEFAULTS.jwtAudience, fail);
    if (issuer === undefined || audience === undefined || clockToleranceSeconds === undefined) return undefined;
    return { kind: 'embedded', keyDir: join(dataDir, KEY_DIR_NAME), issuer, audience, clockToleranceSeconds };
  }
  const jwksUrl = keySetUrl(jwksUrlRaw, fail);
  const issuerRaw = raw('jwtIssuer');
  const audienceRaw = raw('jwtAudience');
  const required = `is required when ${jwksUrlRaw.setting} is set`;
  const issuer =
    issuerRaw.value === undefined
      ? fail(issuerRaw.setting, `${required}: the "iss" of the identity provider's tokens`)
      : claimValue(issuerRaw, '', fail);
  const audience =
    audienceRaw.value === undefined
      ? fail(audienceRaw.setting, `${required}: the "aud" the identity provider issues for this API`)
      : claimValue(audienceRaw, '', fail);
  const jwksTimeoutMs = integer(raw('jwksTimeoutMs'), DEFAULTS.jwksTimeoutMs, 100, 60_000, fail);
  if (
    jwksUrl === undefined ||
    issuer === undefined ||
    audience === undefined ||
    jwksTimeoutMs === undefined ||
    clockToleranceSeconds === undefined
  ) {
    return undefined;
  }
  return { kind: 'jwks', jwksUrl, issuer, audience, clockToleranceSeconds, jwksTimeoutMs };
}

function claimValue(raw: Raw, fallback: string, fail: Fail): string | undefined {
  const value = raw.value ?? fallback;
  if (value.length <= 500 && /^[\x21-\x7e]+$/.test(value)) return value;
  return fail(raw.setting, `must be 1 to 500 printable characters without spaces (got ${JSON.stringify(value)})`);
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/** Keys fetched in clear text could be swapped on the way: https, or http to this machine only. */
function keySetUrl(raw: Raw, fail: Fail): string | undefined {
  let parsed: URL | undefined;
  try {
    parsed = new URL(raw.value ?? '');
  } catch {
    parsed = undefined;
  }
  if (parsed && (parsed.protocol === 'https:' || (parsed.protocol === 'http:' && LOOPBACK.test(parsed.hostname)))) {
    return parsed.toString();
  }
  return fail(
    raw.setting,
    "must be the https:// URL of the identity provider's JSON Web Key Set (http:// only to localhost) " +
      `(got ${JSON.stringify(raw.value)})`,
  );
}

function oneOf<T extends string>(raw: Raw, allowed: readonly T[], fallback: T, fail: Fail): T | undefined {
  if (raw.value === undefined) return fallback;
  const value = raw.value.toLowerCase();
  if ((allowed as readonly string[]).includes(value)) return value as T;
  return fail(raw.setting, `must be one of ${allowed.join(', ')} (got ${JSON.stringify(raw.value)})`);
}

function integer(raw: Raw, fallback: number, min: number, max: number, fail: Fail): number | undefined {
  if (raw.value === undefined) return fallback;
  const value = /^\d+$/.test(raw.value) ? Number(raw.value) : Number.NaN;
  if (Number.isSafeInteger(value) && value >= min && value <= max) return value;
  return fail(raw.setting, `must be a whole number from ${min} to ${max} (got ${JSON.stringify(raw.value)})`);
}

const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$|^[0-9A-Fa-f:.]+$/;

function hostName(raw: Raw, fail: Fail): string | undefined {
  if (raw.value === undefined) return DEFAULTS.host;
  if (raw.value.length <= 253 && HOST.test(raw.value)) return raw.value;
  return fail(
    raw.setting,
    `must be a host name or IP address to listen on, e.g. 127.0.0.1 or 0.0.0.0 (got ${JSON.stringify(raw.value)})`,
  );
}

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 * 1024 };

function byteSize(raw: Raw, fail: Fail): number | undefined {
  if (raw.value === undefined) return DEFAULTS.bodyLimitBytes;
  const match = /^(\d+)\s*(b|kb|mb)?$/i.exec(raw.value);
  const bytes = match ? Number(match[1]) * UNITS[(match[2] ?? 'b').toLowerCase()] : Number.NaN;
  if (Number.isSafeInteger(bytes) && bytes >= 1024 && bytes <= 64 * 1024 * 1024) return bytes;
  return fail(raw.setting, `must be a size from 1kb to 64mb, e.g. 1mb, 256kb or 65536 (got ${JSON.stringify(raw.value)})`);
}

function postgresUrl(raw: Raw, fail: Fail, store = 'postgres'): string | undefined {
  if (raw.value === undefined) {
    return fail(raw.setting, `is required when LEDGER_STORE=${store}, e.g. postgres://user:password@host:5432/db`);
  }
  let parsed: URL | undefined;
  try {
    parsed = new URL(raw.value);
  } catch {
    parsed = undefined;
  }
  if (parsed && (parsed.protocol === 'postgres:' || parsed.protocol === 'postgresql:') && parsed.hostname) {
    return raw.value;
  }
  // The value may hold a password: say what is wrong without echoing it.
  return fail(raw.setting, 'must be a URL of the form postgres://user:password@host:5432/db');
}

/** The EventStoreDB client's connection string: esdb:// for given nodes, esdb+discover:// for gossip. */
function esdbConnectionString(raw: Raw, fail: Fail): string | undefined {
  if (raw.value === undefined) {
    return fail(raw.setting, 'is required when LEDGER_STORE=esdb, e.g. esdb://admin:changeit@node1:2113,node2:2113,node3:2113?tls=true');
  }
  if (/^esdb(\+discover)?:\/\/[^/?]+/i.test(raw.value)) return raw.value;
  // The value may hold a password: say what is wrong without echoing it.
  return fail(raw.setting, 'must be an EventStoreDB connection string: esdb://[user:password@]host:2113[,host:2113...][?tls=true&...]');
}

function identifier(raw: Raw, fail: Fail): string | undefined {
  const value = raw.value ?? DEFAULTS.pgSchema;
  if (/^[a-z_][a-z0-9_]{0,62}$/.test(value)) return value;
  return fail(
    raw.setting,
    `must be a PostgreSQL schema name: lower-case letters, digits and _, not starting with a digit, at most 63 characters (got ${JSON.stringify(value)})`,
  );
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}

/**
 * Builds a context's policy from its section of the policy file; a section the context cannot
 * accept stops the start with a ConfigError naming `LEDGER_POLICY_FILE (<section>)`.
 */
export function policySection<T>(
  config: AppConfig,
  section: string,
  build: (overrides: Readonly<Record<string, unknown>>) => T,
): T {
  try {
    return build(config.policy[section] ?? {});
  } catch (error) {
    throw new ConfigError([{ setting: `LEDGER_POLICY_FILE (${section})`, message: (error as Error).message }]);
  }
}
