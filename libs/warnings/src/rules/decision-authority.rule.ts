import { COUNTY_REVIEWER, DECIDERS, TOWNSHIP_APPROVER } from '@app/assistance-cases/case.guards';
import { createDelegationDecider, type DelegationState } from '@app/delegation/delegation.decider';
import type { DelegationEvent } from '@app/delegation/delegation.events';
import { createDelegationPolicy, type DelegationPolicy } from '@app/delegation/delegation.policy';
import { explainDelegation } from '@app/delegation/delegation.queries';
import { isInstant } from '@app/delegation/delegation.time';
import type { RecordedEvent } from '@app/ledger/envelope';
import type { OfficialsEvent } from '@app/officials/officials.events';
import { unitLevel, withinJurisdiction } from '@app/platform/jurisdiction';
import type { IntegrityRule, RuleFinding, Severity } from './integrity-rule';
import { type Decision, DECISION_TYPES, DECISION_ZH, decisionOf } from './case-decisions';
import { asCaseInput, type CaseInput, ruleHead, step } from './rule-support';

/**
 * 越权审批: a decision on a case outside the delegation in force, or by an official without the
 * role. For every decision event (审核确认, 临时救助 paid first, amount changes, 渐退期,
 * suspension, resumption, termination and its withdrawal, recovery, fine) it checks, from the
 * event's metadata (actor {id, role, unit}, occurredAt, delegationId) and data (decidedBy,
 * delegationId):
 *  - the actor's role may take the decision (township approver or county reviewer; a fine is the
 *    county's) and matches the level recorded, and the actor is the official recorded;
 *  - the actor's unit is the case's township (township level) or covers it (county level);
 *  - the official, if in the officials register, is active and holds the role (with
 *    `flagUnregisteredOfficials`, an official missing from it is a problem too);
 *  - at township level, a delegation of the case's programme (and amount, 临时救助) was in force
 *    at occurredAt by the township's delegation register, and it is the one the event names.
 * One finding per decision event listing every problem found. A termination by rule (the death of
 * the last member, decidedBy null) is no decision of anyone's.
 *
 * State: each township's delegation register, folded with the delegation context's own evolve,
 * the latest event of each delegation (evidence), and each registered official's roles and status.
 */
export const DECISION_AUTHORITY = 'decision-authority';

export interface DecisionAuthorityOptions {
  readonly severity?: Severity;
  readonly delegationPolicy?: DelegationPolicy;
  readonly flagUnregisteredOfficials?: boolean;
}

interface OfficialRecord {
  readonly roles: readonly string[];
  active: boolean;
}

export interface DecisionAuthorityState {
  /** township → its delegation register. */
  readonly delegations: Map<string, DelegationState>;
  /** delegationId → its latest event, for evidence. */
  readonly delegationEvents: Map<string, string>;
  readonly officials: Map<string, OfficialRecord>;
}

const DELEGATION_TYPES: readonly DelegationEvent['type'][] = [
  'DelegationGranted',
  'DelegationSuspended',
  'DelegationResumed',
  'DelegationRevoked',
];

export function decisionAuthorityRule(options: DecisionAuthorityOptions = {}): IntegrityRule<DecisionAuthorityState> {
  const delegationEvolve = createDelegationDecider(options.delegationPolicy ?? createDelegationPolicy()).evolve;
  return {
    ...ruleHead(DECISION_AUTHORITY, '越权审批：超出授权范围或无相应职权', options.severity ?? 'high', [
      ...DECISION_TYPES,
      ...DELEGATION_TYPES,
      'OfficialRegistered',
      'OfficialDeactivated',
    ]),
    initialState: () => ({ delegations: new Map(), delegationEvents: new Map(), officials: new Map() }),
    evolve(state, input) {
      const event = input.event;
      if ((DELEGATION_TYPES as readonly string[]).includes(event.type) && event.streamId.startsWith('delegation-')) {
        const township = event.streamId.slice('delegation-'.length);
        const register = state.delegations.get(township) ?? { delegations: [] };
        const delegationEvent = event as RecordedEvent<DelegationEvent>;
        state.delegations.set(township, delegationEvolve(register, delegationEvent));
        state.delegationEvents.set(delegationEvent.data.delegationId, event.eventId);
        return step(state);
      }
      if (event.type === 'OfficialRegistered' || event.type === 'OfficialDeactivated') {
        official(state, event as RecordedEvent<OfficialsEvent>);
        return step(state);
      }
      const c = asCaseInput(input);
      const decision = c === undefined ? null : decisionOf(c.event);
      if (c === undefined || decision === null) return step(state);
      const problems = check(state, c, decision, options.flagUnregisteredOfficials ?? false);
      if (problems.length === 0) return step(state);
      const delegationId = problems.find((p) => p.delegationId !== undefined)?.delegationId;
      const delegationEvent = delegationId === undefined ? undefined : state.delegationEvents.get(delegationId);
      return step(state, [finding(c, decision, problems, delegationEvent)]);
    },
  };
}

function official(state: DecisionAuthorityState, event: RecordedEvent<OfficialsEvent>): void {
  if (event.type === 'OfficialRegistered') {
    if (!state.officials.has(event.data.officialId)) {
      state.officials.set(event.data.officialId, { roles: [...event.data.roles], active: true });
    }
  } else if (event.type === 'OfficialDeactivated') {
    const known = state.officials.get(event.data.officialId);
    if (known !== undefined) known.active = false;
  }
}

/** Problem codes, each with a zh-CN phrase for the summary. */
interface Problem {
  readonly code: string;
  readonly text: string;
  /** The delegation context's reason, for a delegation not in force. */
  readonly detail?: string;
  /** The delegation the problem is about, when there is one. */
  readonly delegationId?: string;
}

function check(state: DecisionAuthorityState, c: CaseInput, decision: Decision, flagUnregistered: boolean): Problem[] {
  const { actor, occurredAt } = c.event.metadata;
  const { decidedBy } = decision;
  const problems: Problem[] = [];
  const allowed: readonly string[] = decision.countyOnly ? COUNTY_REVIEWER : DECIDERS;
  if (!allowed.includes(actor.role)) problems.push({ code: 'role-not-allowed', text: `角色${actor.role}无审批职权` });
  if (actor.id !== decidedBy.officialId) {
    problems.push({ code: 'actor-not-decider', text: `操作人${actor.id}与记载的决定人${decidedBy.officialId}不符` });
  }
  const roleLevel = has(TOWNSHIP_APPROVER, actor.role)
    ? 'township'
    : has(COUNTY_REVIEWER, actor.role)
      ? 'county'
      : null;
  if (roleLevel !== null && roleLevel !== decidedBy.level) {
    const level = decidedBy.level === 'township' ? '乡镇' : '县级';
    problems.push({ code: 'level-mismatch', text: `以${level}名义决定但角色为${actor.role}` });
  }
  const townshipLevel =
    decidedBy.level === 'township' || roleLevel === 'township' || unitLevel(actor.unit) === 'township';
  if (townshipLevel ? actor.unit !== c.township : !withinJurisdiction(actor.unit, c.township)) {
    problems.push({ code: 'outside-jurisdiction', text: `单位${actor.unit}无权决定${c.township}的案件` });
  }
  const registered = state.officials.get(actor.id);
  if (registered === undefined && flagUnregistered) {
    problems.push({ code: 'official-not-registered', text: `${actor.id}不在经办人员名册` });
  } else if (registered !== undefined && !registered.active) {
    problems.push({ code: 'official-deactivated', text: `${actor.id}已停用` });
  } else if (registered !== undefined && !registered.roles.includes(actor.role)) {
    problems.push({ code: 'official-lacks-role', text: `${actor.id}未被授予${actor.role}角色` });
  }
  if (townshipLevel) problems.push(...delegationProblems(state, c, decision, occurredAt));
  return problems;
}

function delegationProblems(state: DecisionAuthorityState, c: CaseInput, decision: Decision, at: string): Problem[] {
  const programme = c.case.after.programme;
  if (programme === null || !isInstant(at)) return [{ code: 'delegation-unverifiable', text: '无法核验授权' }];
  const register = state.delegations.get(c.township) ?? { delegations: [] };
  const amountFen = programme === 'temporary' ? decision.amountFen : undefined;
  const explanation = explainDelegation(register, at, programme, amountFen);
  if (!explanation.inForce) {
    const about = explanation.delegationId === undefined ? {} : { delegationId: explanation.delegationId };
    return [
      { code: 'delegation-not-in-force', text: `乡镇无有效授权（${explanation.reason}）`, detail: explanation.reason, ...about },
    ];
  }
  const inForce = explanation.delegation.delegationId;
  if (decision.recordedDelegationId !== inForce) {
    const text = `记载的授权${decision.recordedDelegationId ?? '（无）'}不是当时有效的${inForce}`;
    return [{ code: 'delegation-mismatch', text, delegationId: inForce }];
  }
  return [];
}

function finding(
  c: CaseInput,
  decision: Decision,
  problems: readonly Problem[],
  delegationEvent: string | undefined,
): RuleFinding {
  const { actor, occurredAt } = c.event.metadata;
  return {
    key: `${c.caseId}:${c.event.eventId}`,
    township: c.township,
    caseId: c.caseId,
    evidence: delegationEvent === undefined ? [c.event.eventId] : [delegationEvent, c.event.eventId],
    summary: `案件${c.caseId}的${DECISION_ZH[c.event.type] ?? c.event.type}决定越权：${problems.map((p) => p.text).join('；')}`,
    details: {
      decision: c.event.type,
      occurredAt,
      actor: { id: actor.id, role: actor.role, unit: actor.unit },
      level: decision.decidedBy.level,
      recordedDelegationId: decision.recordedDelegationId,
      problems: problems.map((p) => p.code),
      delegationRefusal: problems.find((p) => p.detail !== undefined)?.detail ?? null,
    },
  };
}

function has(roles: readonly string[], role: string): boolean {
  return roles.includes(role);
}
