import { DomainError } from '@app/ledger/domain';
import type { Actor } from '@app/ledger/envelope';
import {
  type CreditCommand,
  type CreditEvent,
  type CreditPolicy,
  type CreditState,
  createCreditDecider,
  DEFAULT_CREDIT_POLICY,
  householdIdOf,
} from '../src';

export const TOWNSHIP = '330602001';
export const APPLICANT_ID = '330602198001010015';
export const HOUSEHOLD = householdIdOf(APPLICANT_ID);

export const countyReviewer: Actor = { id: 'county-1', role: 'county-reviewer', unit: '330602' };
export const otherReviewer: Actor = { id: 'county-2', role: 'county-reviewer', unit: '330602' };
export const keqiaoReviewer: Actor = { id: 'county-9', role: 'county-reviewer', unit: '330603' };
export const clerk: Actor = { id: 'clerk-1', role: 'intake-clerk', unit: TOWNSHIP };

/** 09:00 in Shaoxing on a date. */
export const at = (date: string) => `${date}T09:00:00+08:00`;

type Data<T extends CreditCommand['type']> = Omit<Extract<CreditCommand, { type: T }>['data'], 'householdId'>;

export function command<T extends CreditCommand['type']>(type: T, data: Data<T>, actor: Actor, date: string): CreditCommand {
  return { type, data: { householdId: HOUSEHOLD, ...data }, metadata: { now: at(date), actor } } as unknown as CreditCommand;
}

export const record = (recordId: string, behaviour: string, extra: Record<string, unknown> = {}) =>
  ({
    recordId,
    townshipCode: TOWNSHIP,
    behaviour,
    occurredOn: '2021-02-10',
    summary: '经核查确认',
    evidence: [{ kind: 'warning', ref: 'warning-1' }],
    personal: { idNumber: APPLICANT_ID },
    ...extra,
  }) as Data<'EnterCreditRecord'>;

/** Runs commands in order from an empty stream; returns every event and the final state. */
export function history(commands: readonly CreditCommand[], policy: CreditPolicy = DEFAULT_CREDIT_POLICY) {
  const decider = createCreditDecider(policy);
  let state: CreditState = decider.initialState();
  const events: CreditEvent[] = [];
  for (const cmd of commands) {
    const decided = decider.decide(cmd, state);
    for (const event of decided) state = decider.evolve(state, event);
    events.push(...decided);
  }
  return { events, state, decider };
}

export function refusal(given: readonly CreditCommand[], cmd: CreditCommand, policy: CreditPolicy = DEFAULT_CREDIT_POLICY): DomainError {
  const { state, decider } = history(given, policy);
  try {
    decider.decide(cmd, state);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`expected ${cmd.type} to be refused`);
}
