import { excludeSystemEvents, type Filter, streamNameFilter } from '@eventstore/db-client';

/**
 * Names on the server. A server (or cluster) may hold several ledgers, each in a namespace of its
 * own: the ledger's stream `case-1` is the server's stream `<namespace>/case-1`, and the ledger's
 * own bookkeeping streams are `$ledger.<namespace>-...`. Without a namespace the names are the
 * ledger's, and every non-system stream of the server is taken for a ledger stream. Hashes cover
 * the ledger's stream id, so a ledger keeps its chain when it moves to another namespace.
 */
export class EsdbNaming {
  private readonly prefix: string;
  private readonly bookkeeping: string;

  constructor(readonly namespace = '') {
    if (namespace !== '' && !/^[A-Za-z0-9_-]{1,64}$/.test(namespace)) {
      throw new RangeError(`EventStoreDB namespace ${JSON.stringify(namespace)}: must be 1 to 64 letters, digits, _ or -`);
    }
    this.prefix = namespace === '' ? '' : `${namespace}/`;
    this.bookkeeping = namespace === '' ? '$ledger' : `$ledger.${namespace}`;
  }

  stream(streamId: string): string {
    return this.prefix + streamId;
  }

  /** The ledger's id of a server stream, or undefined for system streams and other namespaces. */
  ledgerStream(name: string): string | undefined {
    if (name.startsWith('$')) return undefined;
    if (this.prefix === '') return name;
    return name.startsWith(this.prefix) ? name.slice(this.prefix.length) : undefined;
  }

  command(commandId: string): string {
    return `${this.bookkeeping}-command-${commandId}`;
  }

  isCommandStream(name: string): boolean {
    return name.startsWith(`${this.bookkeeping}-command-`);
  }

  eventId(eventId: string): string {
    return `${this.bookkeeping}-event-${eventId}`;
  }

  get heads(): string {
    return `${this.bookkeeping}-heads`;
  }

  get count(): string {
    return `${this.bookkeeping}-count`;
  }

  /** What a `$all` subscription asks the server to leave out. */
  subscriptionFilter(): Filter {
    return this.prefix === '' ? excludeSystemEvents() : streamNameFilter({ prefixes: [this.prefix] });
  }
}
