import {
  type Checkpoint,
  type EventStore,
  hasReached,
  LOG_START,
  type RecordedEvent,
  StoreUnavailableError,
} from '@app/ledger';
import { Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'rxjs';

/** How long a question waits for the register to reach the log's head before a 503. */
const CATCH_UP_TIMEOUT_MS = 5000;

/**
 * An in-process view folded from the global log as it grows. A question first waits until the
 * view has caught up with everything committed before it was asked, so a command that follows
 * another always sees it.
 */
export abstract class LiveRegister implements OnModuleInit, OnModuleDestroy {
  private reached: Checkpoint = LOG_START;
  private subscription?: Subscription;
  private readonly waiters = new Set<() => void>();
  private readonly logger: Logger;

  protected constructor(
    protected readonly store: EventStore,
    private readonly name: string,
  ) {
    this.logger = new Logger(name);
  }

  protected abstract apply(event: RecordedEvent): void;

  onModuleInit(): void {
    this.subscription = this.store.subscribe().subscribe((event) => {
      try {
        this.apply(event);
      } catch (error) {
        // One event the view cannot read must not stop it: it is logged, and the view goes on.
        this.logger.error(`${this.name}: cannot apply ${event.type} at ${event.streamId}@${event.revision}: ${String(error)}`);
      }
      this.reached = event.checkpoint;
      for (const wake of this.waiters) wake();
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  /** Resolves once everything committed so far has been applied. */
  protected async caughtUp(): Promise<void> {
    const target = (await this.store.head()).checkpoint;
    if (hasReached(this.reached, target)) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new StoreUnavailableError(this.name, `behind the ledger (at ${this.reached}, needs ${target})`));
      }, CATCH_UP_TIMEOUT_MS);
      const check = () => {
        if (!hasReached(this.reached, target)) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }
}
