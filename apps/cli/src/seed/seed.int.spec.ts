import type { EventStore, RecordedEvent } from '@app/ledger';
import { LOG_START } from '@app/ledger';
import { createEventStore } from '@app/ledger/create-event-store';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ANOMALY_RATES } from './city-model';
import { seedCity, type SeedOptions } from './seed.command';

const dirs: string[] = [];
const stores: EventStore[] = [];

async function freshStore(): Promise<{ store: EventStore; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-seed-'));
  dirs.push(dir);
  const store = await createEventStore({ kind: 'sqlite', file: join(dir, 'ledger.sqlite') });
  stores.push(store);
  return { store, dir };
}

async function hashes(store: EventStore): Promise<string[]> {
  const all: RecordedEvent[] = [];
  for (let from = LOG_START; ; ) {
    const page = await store.readAll({ from, maxCount: 1000 });
    all.push(...page.events);
    from = page.next;
    if (page.isEnd) return all.map((e) => `${e.streamId}:${e.eventId}:${e.type}:${e.integrity.hash}`);
  }
}

const small = (dir: string, seed: number): SeedOptions => ({
  households: 120,
  months: 3,
  seed,
  rates: { ...DEFAULT_ANOMALY_RATES, paymentAfterDeath: 0.02, sharedBankAccount: 0.02 },
  truthFile: join(dir, 'truth.ndjson'),
});

afterAll(async () => {
  for (const store of stores) await store.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('ledger seed of a small city', () => {
  let first: string[];

  it('gives the same log, hash for hash, for the same seed in two stores', async () => {
    const a = await freshStore();
    const b = await freshStore();
    const ra = await seedCity(a.store, small(a.dir, 7));
    const rb = await seedCity(b.store, small(b.dir, 7));
    expect(ra.interrupted).toBe(false);
    first = await hashes(a.store);
    expect(first.length).toBeGreaterThan(2_000);
    expect(await hashes(b.store)).toEqual(first);
    expect(readFileSync(b.dir + '/truth.ndjson', 'utf8')).toEqual(readFileSync(a.dir + '/truth.ndjson', 'utf8'));
    expect(rb.planted).toBeGreaterThan(0);
  }, 240_000);

  it('gives a different log for another seed', async () => {
    const c = await freshStore();
    await seedCity(c.store, small(c.dir, 8));
    expect(await hashes(c.store)).not.toEqual(first);
  }, 240_000);

  it('resumes after an interruption to the same final log', async () => {
    const d = await freshStore();
    const interrupted = await seedCity(d.store, { ...small(d.dir, 7), stopAfterUnits: 700 });
    expect(interrupted.interrupted).toBe(true);
    const part = (await hashes(d.store)).length;
    expect(part).toBeGreaterThan(0);
    expect(part).toBeLessThan(first.length);
    const resumed = await seedCity(d.store, small(d.dir, 7));
    expect(resumed.interrupted).toBe(false);
    expect(resumed.skipped).toBeGreaterThan(0);
    expect(await hashes(d.store)).toEqual(first);
  }, 240_000);
});
