import type { EventStore, RecordedEvent } from '@app/ledger';
import { LOG_START } from '@app/ledger';
import { createEventStore } from '@app/ledger/create-event-store';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTreeHeadKeyPair, TreeHeadSigner } from '@app/integrity/merkle/tree-head';
import { RULE_IDS } from '@app/warnings/rules';
import { DEFAULT_ANOMALY_RATES } from './city-model';
import { PHASES } from './city-seeder';
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

/** One tree-head key for every run: the campaigns' draws rest on heads it signs. */
const treeHeadSigner = new TreeHeadSigner(generateTreeHeadKeyPair().privateKeyPem);

const small = (dir: string, seed: number): SeedOptions => ({
  households: 150,
  months: 4,
  seed,
  rates: {
    ...DEFAULT_ANOMALY_RATES,
    paymentAfterDeath: 0.02,
    sharedBankAccount: 0.02,
    nearRelativeConflict: 0.01,
    duplicateEnrolment: 0.01,
    meansCheckIgnored: 0.01,
    deadlineOverdue: 0.01,
    paymentOnHeldCase: 0.02,
    decisionAuthority: 0.02,
    amountMismatch: 0.02,
    publicityMissing: 0.02,
    rectificationOverdue: 0.02,
  },
  truthFile: join(dir, 'truth.ndjson'),
  treeHeadSigner,
});

/** The unit after which month `month`'s phase `phase` has run in `townships` townships. */
const unitOf = (month: number, phase: (typeof PHASES)[number], townships: number) =>
  1 + (month * PHASES.length + PHASES.indexOf(phase)) * 103 + townships;

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
    const truth = readFileSync(a.dir + '/truth.ndjson', 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { rule: string });
    expect([...new Set(truth.map((t) => t.rule))].sort()).toEqual([...RULE_IDS].sort());
  }, 300_000);

  it('gives a different log for another seed', async () => {
    const c = await freshStore();
    await seedCity(c.store, small(c.dir, 8));
    expect(await hashes(c.store)).not.toEqual(first);
  }, 300_000);

  it.each([
    ['in the intake of the first month', 700],
    ['just after the campaigns drew their samples', unitOf(2, 'inspect', 3)],
    ['after the standard rise, before the amount changes', unitOf(2, 'deaths', 50)],
  ])('resumes after an interruption %s to the same final log', async (_when, stopAfterUnits) => {
    const d = await freshStore();
    const interrupted = await seedCity(d.store, { ...small(d.dir, 7), stopAfterUnits });
    expect(interrupted.interrupted).toBe(true);
    const part = (await hashes(d.store)).length;
    expect(part).toBeGreaterThan(0);
    expect(part).toBeLessThan(first.length);
    const resumed = await seedCity(d.store, small(d.dir, 7));
    expect(resumed.interrupted).toBe(false);
    expect(resumed.skipped).toBeGreaterThan(0);
    expect(await hashes(d.store)).toEqual(first);
  }, 300_000);
});
