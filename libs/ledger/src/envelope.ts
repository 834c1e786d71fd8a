/** 0-based position of an event in its stream; 64-bit, as in EventStoreDB. */
export type StreamRevision = bigint;

/** Store-assigned number of an event in the global log; unique, never reused. */
export type GlobalPosition = bigint;

/**
 * Where a reader of the global log stands. Opaque to callers: produced by the store, stored by
 * projections and compared only as strings (every adapter encodes it so that string order is log
 * order). The empty string is the start of the log.
 */
export type Checkpoint = string;

export const LOG_START: Checkpoint = '';

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface Actor {
  readonly id: string;
  readonly role: string;
  /** Jurisdiction code of the actor's unit: 6-digit county, 9-digit township. */
  readonly unit: string;
}

export interface EventMetadata {
  readonly actor: Actor;
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  /** When the fact happened, as stamped by the API's clock (ISO 8601). */
  readonly occurredAt: string;
  /** The delegation in force when a township took a decision under delegated power. */
  readonly delegationId?: string;
  readonly [extra: string]: unknown;
}

/** A domain event as deciders see it: a discriminated union member. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/** What a caller hands to the store. The store assigns revision, position, time and hashes. */
export interface NewEvent<E extends DomainEvent = DomainEvent> {
  readonly eventId: string;
  readonly type: E['type'];
  readonly schemaVersion?: number;
  readonly data: E['data'];
  readonly metadata: EventMetadata;
}

export interface EventIntegrity {
  /** Hash of the previous event of the same stream; 64 zero hex digits at revision 0. */
  readonly prevHash: string;
  /** SHA-256 over the RFC 8785 canonical JSON of the envelope without position, time and hash. */
  readonly hash: string;
}

/** The envelope of DESIGN §3, as read back from the store. */
export type RecordedEvent<E extends DomainEvent = DomainEvent> = E & {
  readonly eventId: string;
  readonly streamId: string;
  readonly revision: StreamRevision;
  readonly globalPosition: GlobalPosition;
  readonly checkpoint: Checkpoint;
  readonly schemaVersion: number;
  readonly metadata: EventMetadata;
  readonly recordedAt: string;
  readonly integrity: EventIntegrity;
};
