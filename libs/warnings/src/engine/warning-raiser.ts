import { handleCommand } from '@app/ledger/command-handler';
import { DomainError } from '@app/ledger/domain';
import type { EventMetadata } from '@app/ledger/envelope';
import type { EventStore } from '@app/ledger/event-store.port';
import type { IdSource } from '@app/platform/ids';
import { type EscalateWarning, type RaiseWarning, RULES_ENGINE_ACTOR } from '../warning.commands';
import type { WarningDecider } from '../warning.decider';
import { warningStreamId } from '../warning.events';
import type { WarningState } from '../warning.state';
import type { Finding } from './rule-set';
import type { RulesEngineStatusBoard } from './rules-engine.status';
import { escalationCommandIdOf, raiseCommandIdOf, warningIdOf } from './warning-ids';

export class InjectedEngineFailure extends Error {
  constructor(readonly raises: number) {
    super(`injected failure after raise ${raises}, before the checkpoint`);
    this.name = 'InjectedEngineFailure';
  }
}

export interface WarningRaiserOptions {
  readonly store: EventStore;
  readonly decider: WarningDecider;
  readonly ids: IdSource;
  readonly board: RulesEngineStatusBoard;
  /** Commands in flight at once: each warning is its own stream, so they never contend. */
  readonly concurrency: number;
  readonly failAfterRaises?: number;
  readonly log?: (message: string) => void;
}

/**
 * The engine's side of the one command path: RaiseWarning and EscalateWarning with command ids
 * derived from what they are, so that issuing one again appends nothing.
 */
export class WarningRaiser {
  private appended = 0;

  constructor(private readonly options: WarningRaiserOptions) {}

  /** Raises each finding once (per warning id); returns how many were appended now. */
  async raiseAll(findings: readonly Finding[], now: string): Promise<number> {
    const byId = new Map<string, Finding>();
    for (const found of findings) {
      const warningId = warningIdOf(found.rule.id, found.finding.key);
      if (!byId.has(warningId)) byId.set(warningId, found);
    }
    const outcomes = await inParallel([...byId], this.options.concurrency, ([warningId, found]) => this.raise(warningId, found, now));
    return outcomes.filter(Boolean).length;
  }

  /**
   * Escalates a warning found unacknowledged past its deadline, from the level it was seen at;
   * the decider decides nothing if it has moved, been acknowledged or closed since.
   */
  async escalate(warning: WarningState, now: string): Promise<boolean> {
    const { warningId, level, routedAt } = warning;
    if (warningId === null || level === null || routedAt === null) return false;
    const command: EscalateWarning = {
      type: 'EscalateWarning',
      data: { warningId, reason: 'unacknowledged', note: null, from: level },
      metadata: { now, actor: RULES_ENGINE_ACTOR },
    };
    try {
      const result = await handleCommand(this.options.store, this.options.decider, warningStreamId(warningId), command, {
        metadata: metadata(escalationCommandIdOf(warningId, level, routedAt), now, warningId, null),
        newEventId: () => this.options.ids.newId(),
      });
      return !result.replayed && result.events.length > 0;
    } catch (error) {
      // The engine's view was older than the stream (sent back down with a new deadline, say):
      // the stream has the last word, and the next run sees the warning as it is now.
      if (!(error instanceof DomainError)) throw error;
      this.options.log?.(`warning ${warningId} was not escalated: ${error.message}`);
      return false;
    }
  }

  private async raise(warningId: string, { rule, finding, trigger }: Finding, now: string): Promise<boolean> {
    const evidence = finding.evidence.length > 0 ? finding.evidence : trigger ? [trigger.eventId] : [];
    const command: RaiseWarning = {
      type: 'RaiseWarning',
      data: {
        warningId,
        ruleId: rule.id,
        ruleTitle: rule.title,
        severity: finding.severity ?? rule.severity,
        key: finding.key,
        township: finding.township,
        caseId: finding.caseId ?? null,
        evidence,
        summary: finding.summary,
        details: finding.details,
      },
      metadata: { now, actor: RULES_ENGINE_ACTOR },
    };
    const { board } = this.options;
    try {
      const result = await handleCommand(this.options.store, this.options.decider, warningStreamId(warningId), command, {
        metadata: metadata(raiseCommandIdOf(warningId), now, trigger?.metadata.correlationId ?? warningId, trigger?.eventId ?? null),
        newEventId: () => this.options.ids.newId(),
      });
      if (result.replayed || result.events.length === 0) return false;
      board.warningsRaised++;
      this.appended++;
      if (this.appended === this.options.failAfterRaises) throw new InjectedEngineFailure(this.appended);
      return true;
    } catch (error) {
      // A finding the warning stream cannot accept is a bug of its rule, not a reason to stop every rule.
      if (!(error instanceof DomainError)) throw error;
      board.refused(rule.id, warningId, error);
      this.options.log?.(`rule ${rule.id} found something the warning stream refused: ${error.message}`);
      return false;
    }
  }
}

function metadata(commandId: string, now: string, correlationId: string, causationId: string | null): EventMetadata {
  return { actor: RULES_ENGINE_ACTOR, commandId, correlationId, causationId, occurredAt: now };
}

/** Runs `task` over the items, at most `limit` at once; rejects with the first error once all have settled. */
async function inParallel<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let failure: { error: unknown } | undefined;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !failure) {
      const index = next++;
      try {
        results[index] = await task(items[index]);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
  return results;
}
