import type { EventStore } from '@app/ledger';
import type { IdSource } from '@app/platform';
import { v5 as uuidv5 } from 'uuid';

/** The namespace of the seed's ids (uuid v5 of the DNS name below). */
const SEED_NAMESPACE = uuidv5('seed.ledger.example', uuidv5.DNS);

/**
 * Ids derived from the command being handled: the command path looks a command up by its id
 * before it decides (store.findCommand), and that look-up names the scope of the event ids minted
 * next: uuid v5 of `<seed>:<commandId>#<k>`. So an event's id depends only on its command and its
 * place in it, never on how many ids were minted before: a resumed seed, whose replayed commands
 * mint nothing, gives every new event the id an uninterrupted run gives it. Commands must run one
 * at a time (the scope is shared), which also keeps the log's order the same on every run.
 */
export class ScopedIdSource implements IdSource {
  private scope = 'start';
  private k = 0;

  constructor(private readonly seed: number) {}

  enter(scope: string): void {
    this.scope = scope;
    this.k = 0;
  }

  newId(): string {
    return uuidv5(`${this.seed}:${this.scope}#${this.k++}`, SEED_NAMESPACE);
  }
}

/** The store with each command look-up entering the id scope of that command. */
export function scopedStore(store: EventStore, ids: ScopedIdSource): EventStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'findCommand') {
        return (commandId: string) => {
          ids.enter(commandId);
          return target.findCommand(commandId);
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
