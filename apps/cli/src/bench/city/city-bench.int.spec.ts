import { createEventStore } from '@app/ledger/create-event-store';
import { loadConfig, toEventStoreConfig } from '@app/platform';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ANOMALY_RATES } from '../../seed/city-model';
import { seedCity } from '../../seed/seed.command';
import { cityTable, runCityBench } from './city-bench';

describe('bench city over a seeded ledger', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-city-spec-'));
  const config = loadConfig({}, { store: 'sqlite', dataDir: dir });
  let seeded: number;

  beforeAll(async () => {
    const store = await createEventStore(toEventStoreConfig(config));
    try {
      const report = await seedCity(store, {
        households: 40,
        months: 2,
        seed: 3,
        rates: DEFAULT_ANOMALY_RATES,
        truthFile: join(dir, 'truth.ndjson'),
      });
      seeded = report.events;
    } finally {
      await store.close();
    }
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('verifies the whole log, builds every read model from the start and reads case histories as of random revisions', async () => {
    const lines: string[] = [];
    const result = await runCityBench(config, { measures: ['verify', 'build', 'history'], reads: 25 }, (line) => lines.push(line));
    expect(result.events).toBe(seeded);
    expect(result.caseStreams).toBe(40);
    expect(result.verify?.ok).toBe(true);
    expect(result.build?.projections).toBeGreaterThan(0);
    expect(result.history?.reads).toBe(25);
    expect(result.history!.asServed.p99).toBeGreaterThanOrEqual(result.history!.asServed.p50);
    expect(lines).toHaveLength(3);
    const table = cityTable(result);
    expect(table).toContain(`| events in the log | ${seeded.toLocaleString('en-US')} |`);
    expect(table).toContain('| ledger verify: every hash and chain |');
  }, 120_000);

  it('measures only what it is asked to, and refuses an empty ledger', async () => {
    const result = await runCityBench(config, { measures: ['verify'], reads: 10 }, () => undefined);
    expect(result.verify?.ok).toBe(true);
    expect(result.build).toBeUndefined();
    expect(result.history).toBeUndefined();
    const empty = mkdtempSync(join(tmpdir(), 'ledger-bench-city-empty-'));
    try {
      await expect(runCityBench(loadConfig({}, { store: 'sqlite', dataDir: empty }), { measures: ['verify'], reads: 10 }, () => undefined))
        .rejects.toThrow(/the ledger is empty/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  }, 60_000);
});
