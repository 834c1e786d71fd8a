import type { LogHead } from '@app/ledger';
import { Inject, Injectable } from '@nestjs/common';
import type { IntegrityLog } from '../notary/integrity-log';
import type { Notary, NotaryPhase } from '../notary/notary';
import { INTEGRITY_LOG, NOTARY } from './integrity.tokens';

export interface NotaryHealthView {
  /** `elsewhere`: this process only serves; the worker notarises. */
  readonly state: NotaryPhase | 'elsewhere';
  /** Leaves of the Merkle tree: the log events notarised. */
  readonly treeSize: number;
  /** Size of the latest signed tree head; 0 before the first. */
  readonly signedTreeSize: number;
  /** Log events that are not leaves yet. */
  readonly lag: number;
  /** Only when state is 'failed': what the last round threw (no stack). */
  readonly error?: string;
}

/** The notary's part of GET /health, read from the store so it is right wherever the notary runs. */
@Injectable()
export class NotaryHealth {
  constructor(
    @Inject(INTEGRITY_LOG) private readonly log: IntegrityLog,
    @Inject(NOTARY) private readonly notary: Notary | null,
  ) {}

  async status(head: LogHead): Promise<NotaryHealthView> {
    const { treeSize, signedTreeSize } = await this.log.progress();
    const state = this.notary?.phase ?? 'elsewhere';
    // The head was read first: events appended and notarised since cannot make the lag negative.
    const lag = Math.max(0, Number(head.eventCount) - treeSize);
    return {
      state,
      treeSize,
      signedTreeSize,
      lag,
      ...(state === 'failed' ? { error: this.notary?.error?.message ?? 'unknown error' } : {}),
    };
  }
}
