import { v7 as uuidv7 } from 'uuid';
import type { EventMetadata, NewEvent } from '@app/ledger';

/**
 * Deterministic event material for the benchmark. Every system measured in a run receives the very
 * same objects' content (same seed, same ids), so differences come from the store, not the data.
 */

/** mulberry32: small, fast and reproducible; quality is irrelevant here. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  int(bound: number): number {
    return this.next() % bound;
  }

  pick<T>(values: readonly T[]): T {
    return values[this.int(values.length)];
  }

  /** A version-4-shaped UUID drawn from the seed. */
  uuid(): string {
    const hex = [this.next(), this.next(), this.next(), this.next()]
      .map((word) => word.toString(16).padStart(8, '0'))
      .join('');
    const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
    return (
      `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-` +
      `${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
    );
  }
}

export const PAYMENT_EVENT_TYPES = [
  'PaymentScheduled',
  'PaymentApproved',
  'PaymentDisbursed',
  'PaymentReturned',
  'PaymentReissued',
] as const;

export type PaymentEventType = (typeof PAYMENT_EVENT_TYPES)[number];

export interface PaymentData {
  readonly paymentId: string;
  readonly householdId: string;
  readonly townshipCode: string;
  readonly month: string;
  readonly amountCents: number;
  readonly currency: string;
  readonly channel: string;
  readonly standard: string;
  readonly bankAccountMasked: string;
  readonly batchId: string;
  readonly approver: { readonly id: string; readonly role: string };
  readonly notes: string;
  readonly reference: string;
}

export type PaymentEvent = NewEvent & { readonly type: PaymentEventType; readonly data: PaymentData };

const TOWNSHIPS = ['110105001', '110105002', '110108014', '320506003', '440305007', '510107011'];
const CHANNELS = ['bank-transfer', 'social-security-card', 'cash-at-counter'];
const STANDARDS = ['urban-minimum-living', 'rural-minimum-living', 'extreme-poverty-support'];
const ROLES = ['township-reviewer', 'county-approver'];
const ACTOR_ROLES = ['township-officer', 'county-officer'];
const NOTES = [
  'Monthly allowance under the approved household assessment, reviewed against the income survey.',
  'Recomputed after the annual review of household size and income; paid with the monthly batch.',
  'Arrears for last month included after the township office confirmed the corrected account.',
];
const OCCURRED_BASE_MS = Date.UTC(2026, 10, 1, 8, 0, 0);

/** Makes the events of one append; all events of an append share its command id. */
export class PaymentEventFactory {
  private readonly random: SeededRandom;
  private sequence = 0;

  constructor(seed: number) {
    this.random = new SeededRandom(seed);
  }

  commandId(): string {
    return this.random.uuid();
  }

  events(streamNo: number, firstVersion: number, count: number, commandId: string): PaymentEvent[] {
    const correlationId = this.random.uuid();
    const events: PaymentEvent[] = [];
    for (let i = 0; i < count; i += 1) {
      events.push(this.event(streamNo, firstVersion + i, commandId, correlationId));
    }
    return events;
  }

  private event(streamNo: number, version: number, commandId: string, correlationId: string): PaymentEvent {
    const random = this.random;
    const township = TOWNSHIPS[streamNo % TOWNSHIPS.length];
    const month = `2026-${String((version % 12) + 1).padStart(2, '0')}`;
    const sequence = (this.sequence += 1);
    const metadata: EventMetadata = {
      actor: {
        id: `officer-${String(random.int(10_000)).padStart(4, '0')}`,
        role: random.pick(ACTOR_ROLES),
        unit: township,
      },
      commandId,
      correlationId,
      causationId: commandId,
      occurredAt: new Date(OCCURRED_BASE_MS + sequence * 1000).toISOString(),
    };
    return {
      // Event ids as the platform mints them: time-ordered (UUIDv7).
      eventId: uuidv7(),
      type: PAYMENT_EVENT_TYPES[version % PAYMENT_EVENT_TYPES.length],
      data: {
        paymentId: random.uuid(),
        householdId: householdStream(streamNo),
        townshipCode: township,
        month,
        amountCents: 50_000 + random.int(150_000),
        currency: 'CNY',
        channel: random.pick(CHANNELS),
        standard: random.pick(STANDARDS),
        bankAccountMasked: `6222 **** **** ${String(random.int(10_000)).padStart(4, '0')}`,
        batchId: `batch-${month}-${township}-${String(random.int(1_000)).padStart(4, '0')}`,
        approver: { id: `officer-${String(random.int(10_000)).padStart(4, '0')}`, role: random.pick(ROLES) },
        notes: random.pick(NOTES),
        reference: `PAY-${township}-${month}-${String(sequence).padStart(9, '0')}`,
      },
      metadata,
    };
  }
}

export function householdStream(streamNo: number): string {
  return `household-${streamNo}`;
}
