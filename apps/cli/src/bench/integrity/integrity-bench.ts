import { verifyBundle } from '@app/integrity/bundle/verify-bundle';
import { buildStreamEvidence } from '@app/integrity/evidence/stream-evidence';
import { generateTreeHeadKeyPair, TreeHeadSigner } from '@app/integrity/merkle/tree-head';
import { IntegrityLog, Notary, openIntegrityStore } from '@app/integrity/notary';
import { type EventStore, LOG_START } from '@app/ledger';
import { createEventStore } from '@app/ledger/create-event-store';
import { FixedClock } from '@app/platform/clock';
import type { ReadStore } from '@app/projections';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PaymentEventFactory, SeededRandom } from '../payment-events';
import { dropSchema, freshSchemaName, probePostgres } from '../postgres-admin';
import { elapsedMs, LatencyRecorder } from '../stats';

export interface IntegrityBenchConfig {
  readonly store: 'sqlite' | 'postgres';
  readonly databaseUrl: string;
  /** Events in the log, so leaves in the tree. */
  readonly leaves: number;
  readonly proofs: number;
}

const APPEND = 100;
const STREAMS = 1_000;
const CASE_EVENTS = 150;
const CASE_STREAM = 'case-bench-evidence';
const SEED = 0x1ed9e5;

interface Stores {
  readonly events: EventStore;
  readonly integrity: ReadStore;
  readonly title: string;
  dispose(): Promise<void>;
}

/**
 * The Merkle log at scale: a log of `leaves` events (100 per append over 1,000 streams, with one
 * 150-event case stream among them), then (1) the notary's catch-up from an empty tree in leaves/s
 * against a raw read of the same log, (2) inclusion and consistency proofs at the full tree size,
 * p50/p99 over `proofs` random leaves, (3) the evidence bundle of the 150-event case: assembled
 * from the store, and verified offline.
 */
export async function runIntegrityBench(config: IntegrityBenchConfig): Promise<void> {
  const progress = (line: string) => process.stderr.write(`${line}\n`);
  if (config.store === 'postgres') {
    const probe = await probePostgres(config.databaseUrl);
    if (!probe.reachable) throw new Error(`PostgreSQL is unreachable (${probe.reason})`);
  }
  const stores = await openStores(config);
  try {
    progress(`seeding ${config.leaves.toLocaleString('en-US')} events (${stores.title}); not timed`);
    await seed(stores.events, config.leaves);

    const rawStarted = process.hrtime.bigint();
    const read = await readWholeLog(stores.events);
    const rawPerSec = read / (elapsedMs(rawStarted, process.hrtime.bigint()) / 1000);
    progress(`  raw readAll: ${Math.round(rawPerSec).toLocaleString('en-US')} events/s`);

    const keys = generateTreeHeadKeyPair();
    const signer = new TreeHeadSigner(keys.privateKeyPem);
    const clock = new FixedClock('2021-04-01T00:00:00.000Z');
    const notary = new Notary({
      store: stores.events,
      integrity: stores.integrity,
      signer,
      clock,
      everyEvents: 10_000,
      everySeconds: 10,
      pollIntervalMs: 50,
    });
    const notaryStarted = process.hrtime.bigint();
    const caughtUp = await notary.catchUp();
    const notaryMs = elapsedMs(notaryStarted, process.hrtime.bigint());
    const notaryPerSec = caughtUp.treeSize / (notaryMs / 1000);
    progress(`  notary: ${Math.round(notaryPerSec).toLocaleString('en-US')} leaves/s (${(notaryMs / 1000).toFixed(2)} s, ${caughtUp.signed.length} heads signed)`);
    clock.advance(10_000);
    await notary.catchUp();

    const log = new IntegrityLog(stores.integrity, { keyId: signer.keyId, publicKeyPem: signer.publicKeyPem });
    const head = await log.latestTreeHead();
    if (head.treeSize !== config.leaves) throw new Error(`the signed head covers ${head.treeSize} of ${config.leaves} leaves`);
    const random = new SeededRandom(SEED);
    const inclusion = new LatencyRecorder(config.proofs);
    const consistency = new LatencyRecorder(config.proofs);
    for (let i = 0; i < config.proofs; i++) {
      const leafIndex = random.int(head.treeSize);
      let started = process.hrtime.bigint();
      const proof = await log.inclusionProof({ leafIndex }, head.treeSize);
      inclusion.record(started, process.hrtime.bigint());
      if (proof.rootHash !== head.rootHash) throw new Error(`the proof of leaf ${leafIndex} leads to another root`);
      const from = 1 + random.int(head.treeSize - 1);
      started = process.hrtime.bigint();
      await log.consistencyProof(from, head.treeSize);
      consistency.record(started, process.hrtime.bigint());
    }

    const assemble = new LatencyRecorder(100);
    const verify = new LatencyRecorder(100);
    let events = 0;
    for (let i = 0; i < 100; i++) {
      let started = process.hrtime.bigint();
      const bundle = await buildStreamEvidence({ store: stores.events, integrity: stores.integrity, streamId: CASE_STREAM, generatedAt: clock.now() });
      assemble.record(started, process.hrtime.bigint());
      const text = JSON.stringify(bundle);
      started = process.hrtime.bigint();
      const result = verifyBundle(JSON.parse(text), keys.publicKeyPem);
      verify.record(started, process.hrtime.bigint());
      if (!result.ok) throw new Error(`the bundle does not verify: ${result.failures[0]?.message}`);
      events = bundle.events.length;
    }
    await notary.stop();

    const ms = (r: LatencyRecorder, p: number) => r.percentile(p).toFixed(3);
    const lines = [
      `Integrity benchmark — ${stores.title}, ${config.leaves.toLocaleString('en-US')} leaves, Node ${process.version}, ${cpus().length} cores`,
      '',
      '| measure | ours | baseline | ratio |',
      '|---|---:|---:|---:|',
      `| notary catch-up from an empty tree (leaves/s; baseline: raw readAll of the same log, events/s) | ${Math.round(notaryPerSec).toLocaleString('en-US')} | ${Math.round(rawPerSec).toLocaleString('en-US')} | ${(notaryPerSec / rawPerSec).toFixed(2)}× |`,
      `| inclusion proof at ${head.treeSize.toLocaleString('en-US')} leaves, p50 / p99 (ms) | ${ms(inclusion, 50)} / ${ms(inclusion, 99)} | | |`,
      `| consistency proof to ${head.treeSize.toLocaleString('en-US')} leaves, p50 / p99 (ms) | ${ms(consistency, 50)} / ${ms(consistency, 99)} | | |`,
      `| evidence bundle of a ${events}-event case: assembled from the stores, p50 / p99 (ms) | ${ms(assemble, 50)} / ${ms(assemble, 99)} | | |`,
      `| evidence bundle of a ${events}-event case: verified offline, p50 / p99 (ms) | ${ms(verify, 50)} / ${ms(verify, 99)} | | |`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await stores.dispose();
  }
}

/** PEERS-like payment events, 100 per append over 1,000 streams; the evidence case gets 150 of them spread through the log. */
async function seed(store: EventStore, total: number): Promise<void> {
  const factory = new PaymentEventFactory(SEED);
  const held = new Array<number>(STREAMS).fill(0);
  const caseEvery = Math.max(1, Math.floor((total - CASE_EVENTS) / APPEND / CASE_EVENTS));
  let caseHeld = 0;
  let done = 0;
  for (let append = 0; done < total; append++) {
    if (caseHeld < CASE_EVENTS && (append % caseEvery === 0 || total - done <= CASE_EVENTS - caseHeld)) {
      const commandId = factory.commandId();
      await store.append(CASE_STREAM, factory.events(STREAMS, caseHeld, 1, commandId), {
        expectedRevision: caseHeld === 0 ? 'no-stream' : BigInt(caseHeld - 1),
        commandId,
      });
      caseHeld++;
      done++;
      continue;
    }
    const streamNo = append % STREAMS;
    const count = Math.min(APPEND, total - done - (CASE_EVENTS - caseHeld));
    if (count <= 0) continue;
    const commandId = factory.commandId();
    await store.append(`household-${streamNo}`, factory.events(streamNo, held[streamNo]!, count, commandId), {
      expectedRevision: held[streamNo] === 0 ? 'no-stream' : BigInt(held[streamNo]! - 1),
      commandId,
    });
    held[streamNo]! += count;
    done += count;
  }
}

async function readWholeLog(store: EventStore): Promise<number> {
  let count = 0;
  for (let from = LOG_START; ; ) {
    const page = await store.readAll({ from, maxCount: 1_000 });
    count += page.events.length;
    from = page.next;
    if (page.isEnd) return count;
  }
}

async function openStores(config: IntegrityBenchConfig): Promise<Stores> {
  const now = new Date('2021-04-01T00:00:00.000Z');
  if (config.store === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-integrity-'));
    const events = await createEventStore({ kind: 'sqlite', file: join(dir, 'ledger.sqlite') });
    const integrity = await openIntegrityStore({ kind: 'sqlite', file: join(dir, 'integrity.sqlite') }, now);
    return {
      events,
      integrity,
      title: 'SQLite (WAL, synchronous=FULL)',
      dispose: async () => {
        await integrity.close();
        await events.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = freshSchemaName('integrity');
  const events = await createEventStore({ kind: 'postgres', connectionString: config.databaseUrl, schema });
  const integrity = await openIntegrityStore({ kind: 'postgres', connectionString: config.databaseUrl, schema: `${schema}_integrity` }, now);
  return {
    events,
    integrity,
    title: 'PostgreSQL',
    dispose: async () => {
      await integrity.close();
      await events.close();
      await dropSchema(config.databaseUrl, `${schema}_integrity`);
      await dropSchema(config.databaseUrl, schema);
    },
  };
}
