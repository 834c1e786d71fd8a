import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import * as grpc from '@grpc/grpc-js';
import { streamsService } from './streams-service';
import { WireLog } from './wire-log';

export interface EsdbWireServerOptions {
  /** Advertise BatchAppend (the client then appends through it, as with a real server). */
  readonly batchAppend?: boolean;
  /** Write a `$statsCollected` system event this often, as a server does every 30 s. */
  readonly statsEveryMs?: number;
  readonly port?: number;
}

/**
 * A TEST DOUBLE of an EventStoreDB / KurrentDB node, for the test suites only: a gRPC server on
 * @grpc/grpc-js implementing the part of the server's protocol that the ledger's adapter uses,
 * from the service definitions shipped with @eventstore/db-client (generated/*_grpc_pb.js), so
 * that the adapter is exercised through the real client library over real gRPC in every run.
 * Semantics follow the server's documentation: see WireLog (storage) and streamsService (calls).
 *
 * It is not EventStoreDB: one node, in memory, insecure, no authentication, no projections. A
 * real server stays the proof: the same contract suite runs against one given by ESDB_URL or
 * started with testcontainers (libs/ledger/test/esdb-event-store.int.spec.ts).
 */
export class EsdbWireServer {
  readonly log = new WireLog();
  private server: grpc.Server | undefined;
  private state = { stalled: false };

  private constructor(
    private readonly options: EsdbWireServerOptions,
    private port: number,
  ) {
    if (options.statsEveryMs) this.log.collectStats(options.statsEveryMs);
  }

  static async start(options: EsdbWireServerOptions = {}): Promise<EsdbWireServer> {
    const wire = new EsdbWireServer(options, options.port ?? 0);
    await wire.listen();
    return wire;
  }

  /** For EsdbEventStore and the client library: `esdb://127.0.0.1:<port>?tls=false`. */
  get connectionString(): string {
    return `esdb://127.0.0.1:${this.port}?tls=false`;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** From now on requests are taken but never completed (deadlines still run out), until resume. */
  stall(): void {
    this.state.stalled = true;
  }

  resume(): void {
    this.state.stalled = false;
  }

  /** Drops every connection and call, as a node restart does, and listens again on the same port. */
  async restart(): Promise<void> {
    this.server?.forceShutdown();
    this.server = undefined;
    await this.listen();
  }

  async stop(): Promise<void> {
    this.log.stop();
    this.server?.forceShutdown();
    this.server = undefined;
  }

  private listen(): Promise<void> {
    const server = new grpc.Server();
    server.addService(StreamsService, streamsService(this.log, this.state));
    server.addService(ServerFeaturesService, {
      getSupportedMethods: (_call: unknown, callback: grpc.sendUnaryData<SupportedMethods>) => {
        if (this.state.stalled) return;
        callback(null, this.supportedMethods());
      },
    });
    return new Promise((resolve, reject) =>
      server.bindAsync(`127.0.0.1:${this.port}`, grpc.ServerCredentials.createInsecure(), (error, port) => {
        if (error) return reject(error);
        this.port = port;
        this.server = server;
        resolve();
      }),
    );
  }

  /** What a server of this protocol version lists, lower-cased as the server does. */
  private supportedMethods(): SupportedMethods {
    const methods = ['read', 'append', ...(this.options.batchAppend === false ? [] : ['batchappend'])].map((name) =>
      new SupportedMethod()
        .setServiceName('event_store.client.streams.streams')
        .setMethodName(name)
        .setFeaturesList(name === 'read' ? ['position', 'events'] : []),
    );
    methods.push(
      new SupportedMethod().setServiceName('event_store.client.server_features.serverfeatures').setMethodName('getsupportedmethods'),
    );
    return new SupportedMethods().setEventStoreServerVersion('24.10.0').setMethodsList(methods);
  }
}
