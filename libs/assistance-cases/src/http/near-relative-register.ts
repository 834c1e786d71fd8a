import {
  type Checkpoint,
  EVENT_STORE,
  type EventStore,
  hasReached,
  LOG_START,
  type RecordedEvent,
  StoreUnavailableError,
} from '@app/ledger';
import type { OfficialsEvent } from '@app/officials';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import type { NearRelativeMatch } from '../case.commands';

/** How long an intake waits for the register to reach the log's head before refusing (503). */
const CATCH_UP_TIMEOUT_MS = 5000;

/**
 * Declared near relatives (近亲属备案) of active officials by resident ID number, folded from the
 * officials' events as they reach the log. Intake asks it which members of a household are
 * related to staff, after it has caught up with everything committed before the question.
 */
@Injectable()
export class NearRelativeRegister implements OnModuleInit, OnModuleDestroy {
  private readonly relatives = new Map<string, Map<string, string>>();
  private readonly deactivated = new Set<string>();
  private reached: Checkpoint = LOG_START;
  private subscription?: Subscription;
  private readonly waiters = new Set<() => void>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  onModuleInit(): void {
    this.subscription = this.store.subscribe().subscribe((event) => {
      this.apply(event as RecordedEvent<OfficialsEvent>);
      this.reached = event.checkpoint;
      for (const wake of this.waiters) wake();
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  /** The declared relatives among these ID numbers, as of everything committed until now. */
  async matches(idNumbers: readonly string[]): Promise<NearRelativeMatch[]> {
    await this.catchUp((await this.store.head()).checkpoint);
    const found: NearRelativeMatch[] = [];
    for (const idNumber of new Set(idNumbers.map((id) => id.toUpperCase()))) {
      for (const [officialId, relation] of this.relatives.get(idNumber) ?? []) {
        if (!this.deactivated.has(officialId)) found.push({ officialId, relation, memberIdNumber: idNumber });
      }
    }
    return found;
  }

  private async catchUp(target: Checkpoint): Promise<void> {
    if (hasReached(this.reached, target)) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new StoreUnavailableError('near-relative register', `behind the ledger (at ${this.reached}, needs ${target})`));
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

  private apply(event: RecordedEvent<OfficialsEvent>): void {
    switch (event.type) {
      case 'NearRelativeDeclared': {
        const { idNumber } = event.data.personal;
        const byOfficial = this.relatives.get(idNumber) ?? new Map<string, string>();
        byOfficial.set(event.data.officialId, event.data.relation);
        this.relatives.set(idNumber, byOfficial);
        return;
      }
      case 'NearRelativeWithdrawn':
        this.relatives.get(event.data.personal.idNumber)?.delete(event.data.officialId);
        return;
      case 'OfficialDeactivated':
        this.deactivated.add(event.data.officialId);
        return;
      case 'OfficialRegistered':
        return;
      default:
        // Events of every other context pass by.
        return;
    }
  }
}
