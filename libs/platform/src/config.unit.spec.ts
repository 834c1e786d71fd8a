import { join, resolve } from 'node:path';
import { ConfigError, describeStore, loadConfig, toEventStoreConfig, treeHeadPublicKeyFile } from './config';

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.setting} ${p.message}`);
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loading the configuration with nothing set', () => {
  it('serves the embedded SQLite store from ./data on 127.0.0.1:3000', () => {
    const config = loadConfig({});
    expect(config).toEqual({
      dataDir: resolve('data'),
      store: { kind: 'sqlite', file: join(resolve('data'), 'ledger.sqlite') },
      http: { host: '127.0.0.1', port: 3000, bodyLimitBytes: 1024 * 1024, rateLimitPerMinute: 600 },
      observability: { logLevel: 'info', metricsToken: null, projectionStuckMs: 60_000 },
      pollIntervalMs: 200,
      shutdownTimeoutMs: 10_000,
      auth: {
        kind: 'embedded',
        keyDir: join(resolve('data'), 'keys'),
        issuer: 'urn:assistance-ledger',
        audience: 'urn:assistance-ledger:api',
        clockToleranceSeconds: 30,
      },
      policy: {},
      projectionsInProcess: true,
      treeHeads: {
        keyFile: join(resolve('data'), 'keys', 'tree-head-ed25519.pem'),
        publicKeyFile: join(resolve('data'), 'keys', 'tree-head-ed25519.pub.pem'),
        embeddedKey: true,
        everyEvents: 1000,
        everySeconds: 10,
      },
      console: { devSignIn: true },
    });
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ LEDGER_STORE: '', PORT: ' ' }).http.port).toBe(3000);
  });
});

describe('the loaded configuration', () => {
  it('is deeply frozen', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.http)).toBe(true);
    expect(Object.isFrozen(config.store)).toBe(true);
    expect(() => {
      (config.http as { port: number }).port = 1;
    }).toThrow(TypeError);
  });
});

describe('choosing PostgreSQL', () => {
  it('needs DATABASE_URL, and says so naming the variable', () => {
    const problems = problemsOf(() => loadConfig({ LEDGER_STORE: 'postgres' }));
    expect(problems).toEqual([expect.stringMatching(/^DATABASE_URL is required when LEDGER_STORE=postgres/)]);
  });

  it('uses the URL and the ledger schema by default', () => {
    const config = loadConfig({ LEDGER_STORE: 'Postgres', DATABASE_URL: 'postgres://app:s3cret@db:5432/ledger' });
    expect(config.store).toEqual({ kind: 'postgres', databaseUrl: 'postgres://app:s3cret@db:5432/ledger', schema: 'ledger' });
    expect(toEventStoreConfig(config)).toEqual({
      kind: 'postgres',
      connectionString: 'postgres://app:s3cret@db:5432/ledger',
      schema: 'ledger',
      pollIntervalMs: 200,
    });
  });

  it('never repeats the password in a description or an error', () => {
    const config = loadConfig({ LEDGER_STORE: 'postgres', DATABASE_URL: 'postgres://app:s3cret@db:5432/ledger' });
    expect(describeStore(config)).toBe('PostgreSQL postgres://app:***@db:5432/ledger (schema ledger)');
    const problems = problemsOf(() => loadConfig({ LEDGER_STORE: 'postgres', DATABASE_URL: 'mysql://app:s3cret@db/x' }));
    expect(problems).toEqual([expect.stringContaining('DATABASE_URL must be a URL of the form postgres://')]);
    expect(problems.join()).not.toContain('s3cret');
  });

  it('refuses a schema name PostgreSQL would need quoting for', () => {
    const problems = problemsOf(() =>
      loadConfig({ LEDGER_STORE: 'postgres', DATABASE_URL: 'postgres://db/x', LEDGER_PG_SCHEMA: 'Ledger; drop' }),
    );
    expect(problems).toEqual([expect.stringMatching(/^LEDGER_PG_SCHEMA must be a PostgreSQL schema name/)]);
  });
});

describe('choosing EventStoreDB', () => {
  const cluster = 'esdb://admin:s3cret@node1:2113,node2:2113,node3:2113?tls=true&tlsCAFile=/certs/ca.crt';

  it('needs ESDB_URL for the ledger and DATABASE_URL for the read models, naming both', () => {
    const problems = problemsOf(() => loadConfig({ LEDGER_STORE: 'esdb' }));
    expect(problems).toEqual([
      expect.stringMatching(/^ESDB_URL is required when LEDGER_STORE=esdb, e\.g\. esdb:\/\//),
      expect.stringMatching(/^DATABASE_URL is required when LEDGER_STORE=esdb/),
    ]);
  });

  it('opens the event store on the cluster and keeps the read models beside it in PostgreSQL', () => {
    const config = loadConfig({ LEDGER_STORE: 'esdb', ESDB_URL: cluster, DATABASE_URL: 'postgres://app:pw@db:5432/ledger' });
    expect(config.store).toEqual({ kind: 'esdb', esdbUrl: cluster, databaseUrl: 'postgres://app:pw@db:5432/ledger', schema: 'ledger' });
    expect(toEventStoreConfig(config)).toEqual({ kind: 'eventstoredb', connectionString: cluster });
  });

  it('never repeats the password in a description or an error', () => {
    const config = loadConfig({ LEDGER_STORE: 'esdb', ESDB_URL: cluster, DATABASE_URL: 'postgres://app:pw@db:5432/ledger' });
    expect(describeStore(config)).toBe(
      'EventStoreDB esdb://admin:***@node1:2113,node2:2113,node3:2113?tls=true&tlsCAFile=/certs/ca.crt, ' +
        'read models in PostgreSQL postgres://app:***@db:5432/ledger (schema ledger_read)',
    );
    const problems = problemsOf(() =>
      loadConfig({ LEDGER_STORE: 'esdb', ESDB_URL: 'https://admin:s3cret@node1:2113', DATABASE_URL: 'postgres://db/x' }),
    );
    expect(problems).toEqual([expect.stringContaining('ESDB_URL must be an EventStoreDB connection string')]);
    expect(problems.join()).not.toContain('s3cret');
  });
});

describe('a bad setting', () => {
  it.each([
    ['LEDGER_STORE', 'mysql', 'LEDGER_STORE must be one of sqlite, postgres, esdb (got "mysql")'],
    ['PORT', '80a', 'PORT must be a whole number from 0 to 65535 (got "80a")'],
    ['PORT', '70000', 'PORT must be a whole number from 0 to 65535 (got "70000")'],
    ['LEDGER_POLL_INTERVAL_MS', '-5', 'LEDGER_POLL_INTERVAL_MS must be a whole number from 10 to 60000 (got "-5")'],
    ['SHUTDOWN_TIMEOUT_MS', '1.5', 'SHUTDOWN_TIMEOUT_MS must be a whole number from 0 to 600000 (got "1.5")'],
    ['HOST', 'not a host', 'HOST must be a host name or IP address'],
    ['LEDGER_BODY_LIMIT', '1gb', 'LEDGER_BODY_LIMIT must be a size from 1kb to 64mb'],
  ])('%s=%s is refused with a message naming it and what is allowed', (name, value, message) => {
    const problems = problemsOf(() => loadConfig({ [name]: value }));
    expect(problems).toEqual([expect.stringContaining(message)]);
  });

  it('is reported together with every other bad setting', () => {
    const run = () => loadConfig({ LEDGER_STORE: 'postgres', PORT: 'x', LEDGER_POLL_INTERVAL_MS: '0' });
    expect(problemsOf(run).map((p) => p.split(' ')[0])).toEqual(['PORT', 'LEDGER_POLL_INTERVAL_MS', 'DATABASE_URL']);
    expect(run).toThrow(/invalid configuration:\n {2}- PORT must be/);
  });
});

describe('command-line overrides', () => {
  it('win over the environment', () => {
    const config = loadConfig(
      { LEDGER_STORE: 'postgres', LEDGER_DATA_DIR: '/srv/env' },
      { store: 'sqlite', dataDir: '/srv/flag', port: 8080 },
    );
    expect(config.store).toEqual({ kind: 'sqlite', file: join('/srv/flag', 'ledger.sqlite') });
    expect(config.http.port).toBe(8080);
  });

  it('are named by flag and variable when they are wrong', () => {
    expect(problemsOf(() => loadConfig({}, { store: 'oracle' }))).toEqual([
      '--store (LEDGER_STORE) must be one of sqlite, postgres, esdb (got "oracle")',
    ]);
  });

  it('read body sizes in bytes, kb or mb', () => {
    expect(loadConfig({ LEDGER_BODY_LIMIT: '256kb' }).http.bodyLimitBytes).toBe(256 * 1024);
    expect(loadConfig({}, { bodyLimit: 2048 }).http.bodyLimitBytes).toBe(2048);
  });
});

describe('token verification', () => {
  it('signs its own tokens with a key under the data directory unless a JWKS URL is set', () => {
    const config = loadConfig({ LEDGER_DATA_DIR: '/srv/ledger', LEDGER_JWT_ISSUER: 'https://ledger.example' });
    expect(config.auth).toEqual({
      kind: 'embedded',
      keyDir: join('/srv/ledger', 'keys'),
      issuer: 'https://ledger.example',
      audience: 'urn:assistance-ledger:api',
      clockToleranceSeconds: 30,
    });
  });

  it("verifies an identity provider's tokens with its key set, issuer and audience", () => {
    const config = loadConfig({
      LEDGER_JWKS_URL: 'https://idp.example/realms/minzheng/protocol/openid-connect/certs',
      LEDGER_JWT_ISSUER: 'https://idp.example/realms/minzheng',
      LEDGER_JWT_AUDIENCE: 'assistance-ledger',
      LEDGER_JWKS_TIMEOUT_MS: '2000',
      LEDGER_JWT_CLOCK_TOLERANCE_S: '0',
    });
    expect(config.auth).toEqual({
      kind: 'jwks',
      jwksUrl: 'https://idp.example/realms/minzheng/protocol/openid-connect/certs',
      issuer: 'https://idp.example/realms/minzheng',
      audience: 'assistance-ledger',
      jwksTimeoutMs: 2000,
      clockToleranceSeconds: 0,
    });
  });

  it('needs the issuer and audience with a JWKS URL, and says what they are', () => {
    expect(problemsOf(() => loadConfig({ LEDGER_JWKS_URL: 'https://idp.example/certs' }))).toEqual([
      `LEDGER_JWT_ISSUER is required when LEDGER_JWKS_URL is set: the "iss" of the identity provider's tokens`,
      `LEDGER_JWT_AUDIENCE is required when LEDGER_JWKS_URL is set: the "aud" the identity provider issues for this API`,
    ]);
  });

  it.each([
    ['http://idp.example/certs', 'must be the https:// URL'],
    ['idp.example/certs', 'must be the https:// URL'],
  ])('refuses the key set URL %s', (url, message) => {
    const problems = problemsOf(() =>
      loadConfig({ LEDGER_JWKS_URL: url, LEDGER_JWT_ISSUER: 'https://idp.example', LEDGER_JWT_AUDIENCE: 'api' }),
    );
    expect(problems).toEqual([expect.stringContaining(`LEDGER_JWKS_URL ${message}`)]);
  });

  it('fetches keys in clear text only from this machine', () => {
    const env = { LEDGER_JWT_ISSUER: 'https://idp.example', LEDGER_JWT_AUDIENCE: 'api' };
    expect(loadConfig({ ...env, LEDGER_JWKS_URL: 'http://127.0.0.1:8080/certs' }).auth).toMatchObject({ kind: 'jwks' });
    expect(loadConfig({ ...env, LEDGER_JWKS_URL: 'http://localhost:8080/certs' }).auth).toMatchObject({ kind: 'jwks' });
  });

  it.each([
    ['LEDGER_JWT_CLOCK_TOLERANCE_S', '301', 'LEDGER_JWT_CLOCK_TOLERANCE_S must be a whole number from 0 to 300'],
    ['LEDGER_JWT_AUDIENCE', 'two words', 'LEDGER_JWT_AUDIENCE must be 1 to 500 printable characters without spaces'],
  ])('%s=%s is refused naming it', (name, value, message) => {
    expect(problemsOf(() => loadConfig({ [name]: value }))).toEqual([expect.stringContaining(message)]);
  });

  it('bounds the key set fetch timeout', () => {
    const env = { LEDGER_JWKS_URL: 'https://idp.example/certs', LEDGER_JWT_ISSUER: 'i', LEDGER_JWT_AUDIENCE: 'a' };
    expect(problemsOf(() => loadConfig({ ...env, LEDGER_JWKS_TIMEOUT_MS: '50' }))).toEqual([
      'LEDGER_JWKS_TIMEOUT_MS must be a whole number from 100 to 60000 (got "50")',
    ]);
  });
});

describe('the policy file', () => {
  const { mkdtempSync, writeFileSync } = require('node:fs') as typeof import('node:fs');
  const dir = mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'policy-'));
  const file = (name: string, text: string) => {
    const path = `${dir}/${name}`;
    writeFileSync(path, text);
    return path;
  };

  it('is empty by default: every context keeps its defaults', () => {
    expect(loadConfig({}).policy).toEqual({});
  });

  it('gives each context its section, frozen', () => {
    const path = file('ok.json', JSON.stringify({ calendar: { holidays: ['2022-01-03'] }, cases: { publicityDays: 7 } }));
    const config = loadConfig({ LEDGER_POLICY_FILE: path });
    expect(config.policy.calendar).toEqual({ holidays: ['2022-01-03'] });
    expect(Object.isFrozen(config.policy.cases)).toBe(true);
  });

  it('refuses a file that is missing, not JSON, or not made of sections, naming the setting', () => {
    expect(() => loadConfig({ LEDGER_POLICY_FILE: `${dir}/none.json` })).toThrow(/LEDGER_POLICY_FILE.*cannot read/s);
    expect(() => loadConfig({ LEDGER_POLICY_FILE: file('bad.json', '{') })).toThrow(/LEDGER_POLICY_FILE/);
    expect(() => loadConfig({ LEDGER_POLICY_FILE: file('flat.json', '{"publicityDays":7}') })).toThrow(
      /LEDGER_POLICY_FILE.*sections/s,
    );
  });
});

describe('where the projections run', () => {
  it('is in the API by default, and in the worker when LEDGER_PROJECTIONS_IN_PROCESS=false', () => {
    expect(loadConfig({}).projectionsInProcess).toBe(true);
    expect(loadConfig({ LEDGER_PROJECTIONS_IN_PROCESS: 'false' }).projectionsInProcess).toBe(false);
    expect(() => loadConfig({ LEDGER_PROJECTIONS_IN_PROCESS: 'maybe' })).toThrow(/LEDGER_PROJECTIONS_IN_PROCESS/);
  });
});

describe('signing tree heads', () => {
  it('uses a key file named by LEDGER_TREE_HEAD_KEY_FILE, with its public key beside it', () => {
    const config = loadConfig({
      LEDGER_TREE_HEAD_KEY_FILE: '/etc/ledger/notary.pem',
      LEDGER_TREE_HEAD_EVERY_EVENTS: '250',
      LEDGER_TREE_HEAD_EVERY_SECONDS: '60',
    });
    expect(config.treeHeads).toEqual({
      keyFile: '/etc/ledger/notary.pem',
      publicKeyFile: '/etc/ledger/notary.pub.pem',
      embeddedKey: false,
      everyEvents: 250,
      everySeconds: 60,
    });
  });

  it('names the public key file of a key file without the .pem suffix', () => {
    expect(treeHeadPublicKeyFile('/run/secrets/tree-head')).toBe('/run/secrets/tree-head.pub.pem');
  });

  it('takes the cadence from the command line over the environment', () => {
    const config = loadConfig({ LEDGER_TREE_HEAD_EVERY_EVENTS: '5' }, { treeHeadEveryEvents: 7, treeHeadEverySeconds: '3' });
    expect(config.treeHeads).toMatchObject({ everyEvents: 7, everySeconds: 3 });
  });

  it.each([
    ['LEDGER_TREE_HEAD_EVERY_EVENTS', '0', 'LEDGER_TREE_HEAD_EVERY_EVENTS must be a whole number from 1 to 10000000 (got "0")'],
    ['LEDGER_TREE_HEAD_EVERY_SECONDS', '1.5', 'LEDGER_TREE_HEAD_EVERY_SECONDS must be a whole number from 1 to 86400 (got "1.5")'],
  ])('%s=%s is refused naming it', (name, value, message) => {
    expect(problemsOf(() => loadConfig({ [name]: value }))).toEqual([message]);
  });
});

describe('logs, metrics, probes and rate limits', () => {
  it('reads the log level, the metrics token, the stuck-projection bound and the rate limit', () => {
    const config = loadConfig({
      LOG_LEVEL: 'Debug',
      LEDGER_METRICS_TOKEN: 'scrape-me-please-0123',
      LEDGER_READY_PROJECTION_STUCK_MS: '5000',
      LEDGER_RATE_LIMIT_PER_MINUTE: '0',
    });
    expect(config.observability).toEqual({ logLevel: 'debug', metricsToken: 'scrape-me-please-0123', projectionStuckMs: 5000 });
    expect(config.http.rateLimitPerMinute).toBe(0);
  });

  it('refuses a bad value naming each setting, and never echoes the metrics token', () => {
    const problems = problemsOf(() =>
      loadConfig({ LOG_LEVEL: 'loud', LEDGER_METRICS_TOKEN: 'short secret', LEDGER_RATE_LIMIT_PER_MINUTE: '-1' }),
    );
    expect(problems).toEqual([
      'LEDGER_RATE_LIMIT_PER_MINUTE must be a whole number from 0 to 1000000 (got "-1")',
      expect.stringMatching(/^LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/),
      'LEDGER_METRICS_TOKEN must be 16 to 500 printable characters without spaces',
    ]);
    expect(problems.join('\n')).not.toContain('short secret');
  });
});

describe('the console development sign-in (LEDGER_CONSOLE_DEV_SIGN_IN)', () => {
  const provider = {
    LEDGER_JWKS_URL: 'https://idp.example.gov.cn/jwks.json',
    LEDGER_JWT_ISSUER: 'https://idp.example.gov.cn',
    LEDGER_JWT_AUDIENCE: 'assistance-ledger',
  };

  it('is on for the embedded default on loopback and off when the API listens on the network', () => {
    expect(loadConfig({}).console.devSignIn).toBe(true);
    expect(loadConfig({ HOST: '0.0.0.0' }).console.devSignIn).toBe(false);
    expect(loadConfig({ HOST: '0.0.0.0', LEDGER_CONSOLE_DEV_SIGN_IN: 'true' }).console.devSignIn).toBe(true);
    expect(loadConfig({ LEDGER_CONSOLE_DEV_SIGN_IN: 'false' }).console.devSignIn).toBe(false);
  });

  it('is off with an identity provider and cannot be turned on there', () => {
    expect(loadConfig(provider).console.devSignIn).toBe(false);
    expect(problemsOf(() => loadConfig({ ...provider, LEDGER_CONSOLE_DEV_SIGN_IN: 'true' }))).toEqual([
      expect.stringMatching(/^LEDGER_CONSOLE_DEV_SIGN_IN cannot be true with an identity provider/),
    ]);
    expect(problemsOf(() => loadConfig({ LEDGER_CONSOLE_DEV_SIGN_IN: 'yes' }))).toEqual([
      expect.stringMatching(/^LEDGER_CONSOLE_DEV_SIGN_IN must be one of true, false/),
    ]);
  });
});
