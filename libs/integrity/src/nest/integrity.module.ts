import { EVENT_STORE, type EventStore } from '@app/ledger';
import { type AppConfig, type Clock, CLOCK, CONFIG } from '@app/platform';
import type { ReadStore } from '@app/projections';
import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Global,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { TreeHeadSigner } from '../merkle/tree-head';
import { IntegrityLog } from '../notary/integrity-log';
import { integrityStoreConfig, openIntegrityStore } from '../notary/integrity-store';
import { Notary } from '../notary/notary';
import { ensureTreeHeadKey, loadTreeHeadPublicKey, readTreeHeadSigner } from '../notary/tree-head-key-file';
import { INTEGRITY_LOG, INTEGRITY_STORE, NOTARY } from './integrity.tokens';
import { NotaryHealth } from './notary-health';

const TREE_HEAD_SIGNER = Symbol('TREE_HEAD_SIGNER');
const INTEGRITY_OPTIONS = Symbol('INTEGRITY_OPTIONS');

export interface IntegrityModuleOptions {
  /**
   * Run the notary loop in this process: the embedded API and the worker do. An API whose worker
   * notarises only serves, and needs only the public key.
   */
  readonly runInProcess: boolean;
}

/**
 * The Merkle log of DESIGN §4 for one app: opens the integrity store, loads the tree-head key and,
 * when told to, runs the notary. Needs PlatformModule (CONFIG, CLOCK) and LedgerModule
 * (EVENT_STORE). On shutdown the notary stops first (a batch in flight commits or rolls back),
 * then the store closes.
 */
@Global()
@Module({})
export class IntegrityModule implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Integrity');

  static forRoot(options: IntegrityModuleOptions): DynamicModule {
    return {
      module: IntegrityModule,
      providers: [
        { provide: INTEGRITY_OPTIONS, useValue: options },
        {
          provide: INTEGRITY_STORE,
          inject: [CONFIG, CLOCK],
          useFactory: (config: AppConfig, clock: Clock): Promise<ReadStore> =>
            openIntegrityStore(integrityStoreConfig(config), clock.now()),
        },
        {
          provide: TREE_HEAD_SIGNER,
          inject: [CONFIG],
          useFactory: (config: AppConfig): TreeHeadSigner | null => (options.runInProcess ? signerFor(config) : null),
        },
        {
          provide: NOTARY,
          inject: [CONFIG, CLOCK, EVENT_STORE, INTEGRITY_STORE, TREE_HEAD_SIGNER],
          useFactory: (config: AppConfig, clock: Clock, store: EventStore, integrity: ReadStore, signer: TreeHeadSigner | null) =>
            signer &&
            new Notary({
              store,
              integrity,
              signer,
              clock,
              everyEvents: config.treeHeads.everyEvents,
              everySeconds: config.treeHeads.everySeconds,
              pollIntervalMs: config.pollIntervalMs,
              logger: new Logger('Notary'),
            }),
        },
        {
          provide: INTEGRITY_LOG,
          inject: [CONFIG, INTEGRITY_STORE, TREE_HEAD_SIGNER],
          useFactory: (config: AppConfig, integrity: ReadStore, signer: TreeHeadSigner | null): IntegrityLog =>
            new IntegrityLog(integrity, signer ?? loadTreeHeadPublicKey(config.treeHeads)),
        },
        NotaryHealth,
      ],
      exports: [INTEGRITY_STORE, INTEGRITY_LOG, NOTARY, NotaryHealth],
    };
  }

  constructor(
    @Inject(INTEGRITY_OPTIONS) private readonly options: IntegrityModuleOptions,
    @Inject(NOTARY) private readonly notary: Notary | null,
    @Inject(INTEGRITY_LOG) private readonly log: IntegrityLog,
    @Inject(INTEGRITY_STORE) private readonly store: ReadStore,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const { keyId } = this.log.publicKey();
    if (!this.options.runInProcess || !this.notary) {
      this.logger.log(`the notary runs in another process; serving tree heads signed by key ${keyId}`);
      return;
    }
    const { everyEvents, everySeconds } = this.config.treeHeads;
    this.notary.start();
    this.logger.log(`notarising the log: a tree head every ${everyEvents} events or ${everySeconds} s, signed by key ${keyId}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.notary?.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    this.logger.log('integrity store closed');
  }
}

/** The embedded default makes its key on first start, like the token key; a configured file must exist. */
function signerFor(config: AppConfig): TreeHeadSigner {
  const settings = config.treeHeads;
  if (!settings.embeddedKey) return readTreeHeadSigner(settings);
  const { signer, created } = ensureTreeHeadKey(settings);
  if (created) new Logger('Integrity').log(`created tree-head signing key ${settings.keyFile} (Ed25519, key id ${signer.keyId})`);
  return signer;
}
