import type { EventStore } from '@app/ledger';
import { createEventStore } from '@app/ledger/create-event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTreeHeadKeyPair, TreeHeadSigner } from '@app/integrity/merkle/tree-head';
import { RULE_IDS } from '@app/warnings/rules';
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
      households: 300,
      months: 5,
      seed: 3,
      rates: {
        ...DEFAULT_ANOMALY_RATES,
        paymentAfterDeath: 0.01,
        sharedBankAccount: 0.01,
        duplicateEnrolment: 0.01,
        paymentOnHeldCase: 0.01,
        decisionAuthority: 0.01,
        amountMismatch: 0.01,
        publicityMissing: 0.01,
        rectificationOverdue: 0.02,
      },
      truthFile: join(dir, 'truth.ndjson'),
      treeHeadSigner: new TreeHeadSigner(generateTreeHeadKeyPair().privateKeyPem),
    });
  }, 300_000);

  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('plants for every rule, finds every planted anomaly (recall 1.0) and raises little else (precision ≥ 0.99)', async () => {
    const truth = readTruth(join(dir, 'truth.ndjson'));
    const evaluation = await evaluateRules(store, truth);
    process.stdout.write(`${scoreTable(evaluation)}\n`);
    const planted = evaluation.scores.filter((s) => s.planted > 0);
    expect(planted.map((s) => s.rule).sort()).toEqual(
      [...new Set(truth.map((t) => t.rule))].sort(),
    );
    expect(planted.map((s) => s.rule).sort()).toEqual([...RULE_IDS].sort());
    for (const score of planted) {
      expect({ rule: score.rule, missed: score.missed }).toEqual({ rule: score.rule, missed: [] });
      expect(score.recall).toBe(1);
      expect({ rule: score.rule, precision: score.precision }).toEqual({ rule: score.rule, precision: expect.any(Number) });
      expect(score.precision).toBeGreaterThanOrEqual(0.99);
    }
  });
});
