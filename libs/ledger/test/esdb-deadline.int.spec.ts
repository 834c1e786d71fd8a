import { jsonEvent } from '@eventstore/db-client';
import { createServer, type Server, type Socket } from 'node:net';
import { StoreUnavailableError } from '../src';
import { EsdbConnection } from '../src/esdb/esdb-connection';
import { EsdbEventStore } from '../src/esdb/esdb-event-store.adapter';

/**
 * A host that accepts TCP connections and never says a word: the client library's first call
 * (its server-features probe) has no deadline and would wait for ever; the adapter's own
 * deadline must end it, naming the server.
 */
describe('EventStoreDB adapter and a host that accepts connections and never answers', () => {
  let silent: Server;
  const sockets = new Set<Socket>();
  let accepted = 0;
  let address: string;

  beforeAll(async () => {
    silent = createServer((socket) => {
      accepted++;
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    address = `127.0.0.1:${(silent.address() as { port: number }).port}`;
    // Loads the client library and gRPC first, so that the deadline below times the server.
    await EsdbEventStore.open({ connectionString: 'esdb://127.0.0.1:1?tls=false', deadlineMs: 5000 }).catch(() => undefined);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('fails to open within the configured deadline with an error naming the server', async () => {
    const started = Date.now();
    const open = EsdbEventStore.open({ connectionString: `esdb://${address}?tls=false`, deadlineMs: 500 });

    await expect(open).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(open).rejects.toMatchObject({
      store: `EventStoreDB at ${address}`,
      message: expect.stringMatching(/no answer .* within 500 ms/),
    });
    expect(Date.now() - started).toBeLessThan(500 + 2500);
    expect(accepted).toBeGreaterThan(0);
  });

  it("ends an append, whose first call is the client's feature probe, within the deadline", async () => {
    const connection = new EsdbConnection({ connectionString: `esdb://${address}?tls=false`, deadlineMs: 500 });
    const started = Date.now();
    try {
      const append = connection.append('case-1', [jsonEvent({ type: 'A', data: {} })], 'no_stream');
      await expect(append).rejects.toMatchObject({
        store: `EventStoreDB at ${address}`,
        message: expect.stringMatching(/no answer to the append to case-1 within 500 ms/),
      });
      expect(Date.now() - started).toBeLessThan(500 + 2500);
    } finally {
      await connection.close();
    }
  });

  it('fails over TLS too, where the handshake itself never completes', async () => {
    const started = Date.now();
    const open = EsdbEventStore.open({ connectionString: `esdb://admin:changeit@${address}?tls=true`, deadlineMs: 500 });

    await expect(open).rejects.toMatchObject({ store: `EventStoreDB at ${address}` });
    expect(Date.now() - started).toBeLessThan(500 + 2500);
  });
});
