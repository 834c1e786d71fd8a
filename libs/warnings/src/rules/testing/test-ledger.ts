import { DEFAULT_SCHEMA_VERSION, GENESIS_HASH, hashEvent } from '@app/ledger/hash-chain';
import type { Actor, EventMetadata, RecordedEvent } from '@app/ledger/envelope';

/**
 * A ledger in memory for rule tests: every event gets the envelope the stores give it (revision,
 * global position, checkpoint, hash chain), and its data and metadata go through JSON as they do
 * through a store. Ids are deterministic, so two runs of one scenario are the same log.
 */
export class TestLedger {
  readonly log: RecordedEvent[] = [];
  private readonly heads = new Map<string, { readonly revision: bigint; readonly hash: string }>();
  private commands = 0;

  /** The metadata the API stamps on a command's events: the actor from the token, its clock's time. */
  metadata(actor: Actor, occurredAt: string, delegationId?: string): EventMetadata {
    this.commands += 1;
    const commandId = `10000000-0000-4000-8000-${this.commands.toString(16).padStart(12, '0')}`;
    return {
      actor: { id: actor.id, role: actor.role, unit: actor.unit },
      commandId,
      correlationId: commandId,
      causationId: null,
      occurredAt,
      ...(delegationId === undefined ? {} : { delegationId }),
    };
  }

  append(streamId: string, type: string, data: unknown, metadata: EventMetadata): RecordedEvent {
    const position = this.log.length + 1;
    const eventId = uuidOf(position);
    const head = this.heads.get(streamId);
    const revision = head === undefined ? 0n : head.revision + 1n;
    const prevHash = head?.hash ?? GENESIS_HASH;
    const stored = JSON.parse(JSON.stringify({ data, metadata })) as { data: unknown; metadata: EventMetadata };
    const schemaVersion = DEFAULT_SCHEMA_VERSION;
    const hash = hashEvent({ eventId, streamId, revision, type, schemaVersion, ...stored, prevHash });
    const event: RecordedEvent = {
      eventId,
      streamId,
      revision,
      globalPosition: BigInt(position),
      checkpoint: String(position).padStart(20, '0'),
      type,
      schemaVersion,
      data: stored.data,
      metadata: stored.metadata,
      recordedAt: stored.metadata.occurredAt,
      integrity: { prevHash, hash },
    };
    this.heads.set(streamId, { revision, hash });
    this.log.push(event);
    return event;
  }
}

/** A version-4-shaped UUID numbered by log position. */
export function uuidOf(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}
