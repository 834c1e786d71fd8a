import type { CaseEvent, CaseEventType } from '@app/assistance-cases/case.events';
import type { CaseState } from '@app/assistance-cases/case.state';
import type { RecordedEvent } from '@app/ledger/envelope';
import type { CaseTransition, IntegrityRule, RuleFinding, RuleInput, RuleStep, Severity } from './integrity-rule';

/**
 * What every rule shares: narrowing the engine's input to a case event, and small formatting
 * helpers for findings.
 *
 * State ownership, for every rule of this folder: a rule's state is a set of Maps the rule owns.
 * `evolve` and `tick` update them in place and return the same object as the new state, so that an
 * event costs O(what it touches), never a copy of O(cases). The state handed in is consumed: the
 * engine keeps the returned state and never reuses an older one (a checkpoint rebuilds it by
 * replaying from the log, which gives the same state, since every rule is deterministic). Each
 * update records a fact of the event (a Map set or delete), so an event offered twice leaves the
 * same state; should a malformed event make a rule throw half-way, the facts recorded before the
 * throw stay, which is what offering that event again would record too.
 *
 * Nothing here reads a clock or mints an id: findings are keyed by case ids, months, due dates,
 * report numbers and event ids, so a replay of the log raises the same keys.
 */

/** A case-stream event with the transition the engine folded for it. */
export interface CaseInput {
  readonly event: RecordedEvent<CaseEvent>;
  readonly case: CaseTransition;
  readonly caseId: string;
  /** The case's 9-digit township, or '' before the application (never seen in practice). */
  readonly township: string;
}

/** The input as a case event, or undefined when it is not one of a case stream. */
export function asCaseInput(input: RuleInput): CaseInput | undefined {
  const transition = input.case;
  if (transition === undefined) return undefined;
  return {
    event: input.event as RecordedEvent<CaseEvent>,
    case: transition,
    caseId: transition.caseId,
    township: transition.after.townshipCode ?? transition.before.townshipCode ?? '',
  };
}

export function step<S>(state: S, findings: readonly RuleFinding[] = []): RuleStep<S> {
  return { state, findings };
}

/** The fields every rule declares, with a frozen copy of the event types it handles. */
export function ruleHead(
  id: string,
  title: string,
  severity: Severity,
  handles: readonly string[],
): Pick<IntegrityRule, 'id' | 'title' | 'severity' | 'handles'> {
  return { id, title, severity, handles: Object.freeze([...new Set(handles)]) };
}

/** All but the last four characters hidden, as the officials context shows declarations. */
export function maskIdNumber(idNumber: string): string {
  return '*'.repeat(Math.max(0, idNumber.length - 4)) + idNumber.slice(-4);
}

/** 85000 → '850.00元'. */
export function yuan(fen: number): string {
  return `${(fen / 100).toFixed(2)}元`;
}

/** The members of a case present in the household (not left), with their index and ID number. */
export function presentMembers(state: CaseState): { readonly index: number; readonly idNumber: string }[] {
  const present: { index: number; idNumber: string }[] = [];
  state.members.forEach((member, index) => {
    const idNumber = state.personal.memberIdNumbers[index];
    if (member.leftOn === null && idNumber !== undefined) present.push({ index, idNumber });
  });
  return present;
}

/** Case event types, checked against the case context's own list by the compiler. */
export function caseTypes<T extends CaseEventType>(...types: T[]): readonly T[] {
  return types;
}

/** '2021-07' → '2021年7月'. */
export function monthZh(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
}
