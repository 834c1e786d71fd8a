import { caseStreamIdOf } from '@app/assistance-cases/http';
import type { NewEvent } from '@app/ledger';
import type { Household, Township } from './city-model';
import type { SeedLedger } from './seed-ledger';

/**
 * A case the legacy system (before the ledger) approved, migrated as that system recorded it. The
 * case decider refuses every approval without a full 公示, so a legacy record is the one way such
 * a case reaches the ledger: its steps are decided in memory by the case decider's own functions
 * on the dates the legacy system gives, the publicity it never recorded is left out, and the events
 * are appended in one go to a new stream (expected revision 'no-stream', hash chain by the store),
 * marked `source: 'legacy-migration'` in their metadata, under the command id
 * `seed-legacy-<caseId>`. Everything after the migration goes through the command path.
 */

export interface LegacyStep {
  readonly type: string;
  readonly data: object;
  readonly on: string;
  readonly actor: { readonly id: string; readonly role: string; readonly unit: string };
}

export const LEGACY_SOURCE = 'legacy-migration';

export function legacyCommandId(h: Household): string {
  return `seed-legacy-${h.caseId}`;
}

/** Decides the steps in memory and appends the migrated record; the publicity is not carried over. */
export async function migrateLegacyCase(ledger: SeedLedger, h: Household, t: Township, steps: readonly LegacyStep[]): Promise<void> {
  const decider = ledger.caseDecider as unknown as {
    decide(command: unknown, state: unknown): { type: string; data: unknown }[];
    evolve(state: unknown, event: unknown): unknown;
    initialState(): unknown;
  };
  const commandId = legacyCommandId(h);
  ledger.ids.enter(commandId);
  let state = decider.initialState();
  const events: NewEvent[] = [];
  for (const step of steps) {
    const now = `${step.on}T01:00:00.000Z`;
    const decided = decider.decide({ type: step.type, data: { caseId: h.caseId, ...step.data }, metadata: { now, actor: step.actor } }, state);
    for (const event of decided) {
      state = decider.evolve(state, event);
      if (event.type === 'PublicityStarted') continue;
      events.push({
        eventId: ledger.ids.newId(),
        type: event.type,
        data: event.data,
        metadata: {
          actor: step.actor,
          commandId,
          correlationId: commandId,
          causationId: null,
          occurredAt: now,
          source: LEGACY_SOURCE,
          legacyRecord: `LEGACY-${t.county}-${h.caseId}`,
        },
      });
    }
  }
  await ledger.store.append(caseStreamIdOf(h.caseId), events, { expectedRevision: 'no-stream', commandId });
}
