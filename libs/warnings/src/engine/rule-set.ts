import type { RecordedEvent } from '@app/ledger/envelope';
import type { IntegrityRule, RuleFinding, RuleInput, RuleStep } from '../rules/integrity-rule';

/** A finding with the rule that made it and the event that triggered it (none for a tick). */
export interface Finding {
  readonly rule: IntegrityRule;
  readonly finding: RuleFinding;
  readonly trigger?: RecordedEvent;
}

export interface RuleErrorStatus {
  readonly ruleId: string;
  readonly errors: number;
  readonly lastError: string;
}

/**
 * Every rule with its state. An event goes to the rules that handle its type. A rule that throws
 * keeps its previous state and is counted: one faulty rule must not silence the others.
 */
export class RuleSet {
  private readonly states = new Map<string, unknown>();
  private readonly byType = new Map<string, IntegrityRule[]>();
  private readonly errors = new Map<string, { errors: number; lastError: string }>();

  constructor(readonly rules: readonly IntegrityRule[]) {
    const ids = new Set<string>();
    for (const rule of rules) {
      if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(rule.id)) throw new RangeError(`rule id ${JSON.stringify(rule.id)} is not kebab-case`);
      if (ids.has(rule.id)) throw new RangeError(`two rules have the id ${rule.id}`);
      ids.add(rule.id);
      for (const type of new Set(rule.handles)) {
        const list = this.byType.get(type) ?? [];
        list.push(rule);
        this.byType.set(type, list);
      }
    }
    this.reset();
  }

  /** Which rules there are: stored with the checkpoint, so that a new rule set replays the log. */
  get fingerprint(): string {
    return this.rules.map((rule) => rule.id).sort().join(',');
  }

  /** Back to every rule's initial state (before a rebuild). */
  reset(): void {
    this.states.clear();
    for (const rule of this.rules) this.states.set(rule.id, rule.initialState());
  }

  handles(type: string): boolean {
    return this.byType.has(type);
  }

  offer(input: RuleInput, into: Finding[]): void {
    for (const rule of this.byType.get(input.event.type) ?? []) {
      const step = this.step(rule, () => rule.evolve(this.states.get(rule.id), input));
      if (step) for (const finding of step.findings) into.push({ rule, finding, trigger: input.event });
    }
  }

  tick(now: Date, into: Finding[]): void {
    for (const rule of this.rules) {
      const tick = rule.tick;
      if (!tick) continue;
      const step = this.step(rule, () => tick.call(rule, this.states.get(rule.id), now));
      if (step) for (const finding of step.findings) into.push({ rule, finding });
    }
  }

  errorStatus(): RuleErrorStatus[] {
    return [...this.errors].map(([ruleId, e]) => ({ ruleId, errors: e.errors, lastError: e.lastError }));
  }

  private step(rule: IntegrityRule, run: () => RuleStep<unknown>): RuleStep<unknown> | undefined {
    try {
      const step = run();
      this.states.set(rule.id, step.state);
      return step;
    } catch (error) {
      const previous = this.errors.get(rule.id);
      const lastError = error instanceof Error ? error.message : String(error);
      this.errors.set(rule.id, { errors: (previous?.errors ?? 0) + 1, lastError });
      return undefined;
    }
  }
}
