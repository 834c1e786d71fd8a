import { CASE_EVENT_TYPES, type CaseEvent, type CaseState, evolveCase, initialCaseState } from '@app/assistance-cases';
import type { RecordedEvent } from '@app/ledger/envelope';
import type { RuleInput } from '../rules/integrity-rule';
import { WARNING_EVENT_TYPES, WARNING_STREAM_PREFIX, type WarningEvent } from '../warning.events';
import { evolveWarning, initialWarningState, type WarningState } from '../warning.state';

const CASE_STREAM_PREFIX = 'case-';
const CASE_TYPES: ReadonlySet<string> = new Set(CASE_EVENT_TYPES);
const WARNING_TYPES: ReadonlySet<string> = new Set(WARNING_EVENT_TYPES);

/**
 * What the engine itself folds from the log: every case (with the case context's own evolve, so
 * the rules see the case before and after each event) and the open warnings (for escalation).
 */
export class LogFold {
  readonly cases = new Map<string, CaseState>();
  /** Open warnings by id; a closed one is dropped. */
  readonly openWarnings = new Map<string, WarningState>();
  raised = 0;
  closed = 0;

  reset(): void {
    this.cases.clear();
    this.openWarnings.clear();
    this.raised = 0;
    this.closed = 0;
  }

  /** Folds the event and returns what the rules are offered. */
  apply(event: RecordedEvent): RuleInput {
    if (event.streamId.startsWith(CASE_STREAM_PREFIX) && CASE_TYPES.has(event.type)) {
      const caseId = event.streamId.slice(CASE_STREAM_PREFIX.length);
      const before = this.cases.get(caseId) ?? initialCaseState();
      const after = evolveCase(before, event as unknown as CaseEvent);
      this.cases.set(caseId, after);
      return { event, case: { caseId, before, after } };
    }
    if (event.streamId.startsWith(WARNING_STREAM_PREFIX) && WARNING_TYPES.has(event.type)) this.foldWarning(event);
    return { event };
  }

  private foldWarning(event: RecordedEvent): void {
    const warningEvent = event as unknown as WarningEvent;
    const warningId = warningEvent.data.warningId;
    if (warningEvent.type === 'WarningRaised') this.raised++;
    const state = this.openWarnings.get(warningId) ?? (warningEvent.type === 'WarningRaised' ? initialWarningState() : undefined);
    if (!state) return;
    const next = evolveWarning(state, warningEvent);
    if (next.status === 'closed') {
      this.openWarnings.delete(warningId);
      this.closed++;
    } else {
      this.openWarnings.set(warningId, next);
    }
  }
}
