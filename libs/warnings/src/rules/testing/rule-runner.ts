import type { CaseEvent } from '@app/assistance-cases/case.events';
import { evolveCase } from '@app/assistance-cases/case.evolve';
import { type CaseState, initialCaseState } from '@app/assistance-cases/case.state';
import type { RecordedEvent } from '@app/ledger/envelope';
import type { CaseTransition, IntegrityRule, RuleFinding } from '../integrity-rule';

/** A finding with the rule that raised it and what raised it (an event id, or 'tick'). */
export interface Raised {
  readonly rule: string;
  readonly by: string;
  readonly finding: RuleFinding;
}

/**
 * What the engine does for the rules, in miniature: folds each case stream with the case context's
 * own evolve, offers every event to the rules that handle its type (with the case transition for
 * case events), keeps each rule's state, and ticks them. Offering an event again offers the same
 * transition: a re-delivered event is not folded twice.
 */
export class RuleRunner {
  private readonly states = new Map<string, unknown>();
  private readonly handles = new Map<string, ReadonlySet<string>>();
  private readonly cases = new Map<string, CaseState>();
  private readonly transitions = new Map<string, CaseTransition>();

  constructor(readonly rules: readonly IntegrityRule[]) {
    for (const rule of rules) {
      this.states.set(rule.id, rule.initialState());
      this.handles.set(rule.id, new Set(rule.handles));
    }
  }

  offer(event: RecordedEvent): Raised[] {
    const transition = this.transitionFor(event);
    const raised: Raised[] = [];
    for (const rule of this.rules) {
      if (!this.handles.get(rule.id)?.has(event.type)) continue;
      const step = rule.evolve(this.states.get(rule.id), transition ? { event, case: transition } : { event });
      this.states.set(rule.id, step.state);
      for (const finding of step.findings) raised.push({ rule: rule.id, by: event.eventId, finding });
    }
    return raised;
  }

  offerAll(events: readonly RecordedEvent[]): Raised[] {
    return events.flatMap((event) => this.offer(event));
  }

  tick(now: Date): Raised[] {
    const raised: Raised[] = [];
    for (const rule of this.rules) {
      if (rule.tick === undefined) continue;
      const step = rule.tick(this.states.get(rule.id), now);
      this.states.set(rule.id, step.state);
      for (const finding of step.findings) raised.push({ rule: rule.id, by: 'tick', finding });
    }
    return raised;
  }

  caseState(caseId: string): CaseState | undefined {
    return this.cases.get(caseId);
  }

  private transitionFor(event: RecordedEvent): CaseTransition | undefined {
    const known = this.transitions.get(event.eventId);
    if (known !== undefined || !event.streamId.startsWith('case-')) return known;
    const caseId = event.streamId.slice('case-'.length);
    const before = this.cases.get(caseId) ?? initialCaseState();
    const after = evolveCase(before, event as RecordedEvent<CaseEvent>);
    this.cases.set(caseId, after);
    const transition = { caseId, before, after };
    this.transitions.set(event.eventId, transition);
    return transition;
  }
}

/** Runs rules over a log from their initial states. */
export function runRules(rules: readonly IntegrityRule[], events: readonly RecordedEvent[]): Raised[] {
  return new RuleRunner(rules).offerAll(events);
}

/** The findings one rule raised. */
export function findingsOf(raised: readonly Raised[], rule: string): RuleFinding[] {
  return raised.filter((r) => r.rule === rule).map((r) => r.finding);
}
