import { randomUUID } from 'node:crypto';
import { describeWithEsdb, type EsdbServer, startEsdbServer } from '../../../test/support/esdb';
import { verifyLedger } from '../src';
import { EsdbEventStore } from '../src/esdb/esdb-event-store.adapter';
import type { ContractHarness } from './contract-harness';
import { eventStoreContract } from './event-store.contract';
import { OperatorView } from './esdb-operator-view';
import { newEvent } from './fixtures';

/**
 * The contract suite against a real EventStoreDB / KurrentDB server: the one ESDB_URL names, or
 * a KurrentDB container (testcontainers) where a container engine answers. Each test keeps its
 * streams in a namespace of its own on the shared server (EsdbNaming); the operator who rewrites
 * stored events is played by OperatorView.
 */
describeWithEsdb('EventStoreDB adapter on a real server', () => {
  // The tests share the server with earlier tests and runs: reading the log means reading theirs.
  jest.setTimeout(60_000);
  let server: EsdbServer;
  beforeAll(async () => {
    server = await startEsdbServer();
  }, 180_000);
  afterAll(async () => server?.stop());

  async function openReal(): Promise<ContractHarness> {
    const namespace = `test-${randomUUID().slice(0, 8)}`;
    const opened: OperatorView[] = [];
    const open = async () => {
      const store = new OperatorView(await EsdbEventStore.open({ connectionString: server.connectionString, namespace }));
      opened.push(store);
      return store;
    };
    const store = await open();
    return {
      store,
      tamper: store.tamper,
      reopen: open,
      close: async () => {
        for (const each of opened) await each.close();
      },
    };
  }

  eventStoreContract('EventStoreDB (real server)', openReal);

  describe('on the real server itself', () => {
    let harness: ContractHarness;
    beforeEach(async () => {
      harness = await openReal();
    });
    afterEach(async () => harness.close());

    it('appends a 500-event batch in one write and verifies it', async () => {
      const events = Array.from({ length: 500 }, (_, i) => newEvent('Bulk', { i }));
      const result = await harness.store.append('batch-1', events, { expectedRevision: 'no-stream', commandId: 'cmd-batch' });
      const read = await harness.store.readStream('batch-1');
      expect(read.map((e) => e.globalPosition)).toEqual(read.map((_, i) => result.firstPosition + BigInt(i)));
      expect((await verifyLedger(harness.store)).ok).toBe(true);
    }, 60_000);
  });
});
