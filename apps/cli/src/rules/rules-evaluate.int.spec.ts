import type { EventStore } from '@app/ledger';
import { createEventStore } from '@app/ledger/create-event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ANOMALY_RATES } from '../seed/city-model';
import { seedCity } from '../seed/seed.command';
import { evaluateRules, readTruth, scoreTable } from './rules-evaluate';

describe('ledger rules evaluate over a small seeded city', () => {
  let dir: string;
  let store: EventStore;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-rules-eval-'));
    store = await createEventStore({ kind: 'sqlite', file: join(dir, 'ledger.sqlite') });
    await seedCity(store, {
      households: 150,
      months: 3,
      seed: 3,
      rates: { ...DEFAULT_ANOMALY_RATES, paymentAfterDeath: 0.02, sharedBankAccount: 0.02, duplicateEnrolment: 0.01 },
      truthFile: join(dir, 'truth.ndjson'),
    });
  }, 240_000);

  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds every planted anomaly (recall 1.0 for every planted rule) and reports precision', async () => {
    const truth = readTruth(join(dir, 'truth.ndjson'));
    const evaluation = await evaluateRules(store, truth);
    process.stdout.write(`${scoreTable(evaluation)}\n`);
    const planted = evaluation.scores.filter((s) => s.planted > 0);
    expect(planted.map((s) => s.rule).sort()).toEqual(
      [...new Set(truth.map((t) => t.rule))].sort(),
    );
    expect(planted.length).toBeGreaterThanOrEqual(6);
    for (const score of planted) {
      expect({ rule: score.rule, missed: score.missed }).toEqual({ rule: score.rule, missed: [] });
      expect(score.recall).toBe(1);
      expect(score.precision).not.toBeNull();
    }
  });
});
