import { toDayNumber } from '@app/calendar';
import type { CasePolicy } from '@app/assistance-cases/case.policy';
import type { IntegrityRule, RuleFinding, Severity } from './integrity-rule';
import { asCaseInput, type CaseInput, caseTypes, ruleHead, step } from './rule-support';

/**
 * 未公示或公示不足: a decision that needed publicity (公示, policy.publicityDays calendar days,
 * 7 by 低保 Art. 19 and 特困 Art. 15/25) without it, with a shorter one, or before it ended:
 *  - an approval (CaseApproved, by township or county) after no publicity of the current round
 *    (an objection voids the earlier one), a publicity shorter than the policy's days, or on or
 *    before its last day; 急难型 emergency help is paid first by law and is not an approval here;
 *  - a 特困 termination decided by someone (not by rule on a death) with no publicity, a shorter
 *    one, or before it ended (特困 Art. 25).
 * One finding per decision: `<caseId>:approval` or `<caseId>:termination`.
 *
 * State: per case, its latest PublicityStarted and TerminationPublicityStarted events (evidence),
 * dropped when the case is decided.
 */
export const PUBLICITY_MISSING = 'publicity-missing';

export interface PublicityMissingState {
  /** caseId → the event that started the publicity now on record. */
  readonly publicity: Map<string, string>;
  readonly terminationPublicity: Map<string, string>;
}

type Shortfall = 'none' | 'short' | 'not-finished';

export function publicityMissingRule(
  policy: Pick<CasePolicy, 'publicityDays'>,
  severity: Severity = 'medium',
): IntegrityRule<PublicityMissingState> {
  return {
    ...ruleHead(PUBLICITY_MISSING, `未公示或公示不足${policy.publicityDays}日即作决定`, severity, [
      ...caseTypes('PublicityStarted', 'TerminationPublicityStarted', 'CaseApproved', 'CaseTerminated'),
    ]),
    initialState: () => ({ publicity: new Map(), terminationPublicity: new Map() }),
    evolve(state, input) {
      const c = asCaseInput(input);
      if (c === undefined) return step(state);
      const event = c.event;
      switch (event.type) {
        case 'PublicityStarted':
          state.publicity.set(c.caseId, event.eventId);
          return step(state);
        case 'TerminationPublicityStarted':
          state.terminationPublicity.set(c.caseId, event.eventId);
          return step(state);
        case 'CaseApproved': {
          const publicity = c.case.before.publicity;
          const shortfall = judge(policy, publicity, event.data.decidedOn);
          const started = publicity === null ? undefined : state.publicity.get(c.caseId);
          state.publicity.delete(c.caseId);
          if (shortfall === null) return step(state);
          return step(state, [finding(c, 'approval', shortfall, publicity, event.data.decidedOn, started, policy)]);
        }
        case 'CaseTerminated': {
          const d = event.data;
          const started = state.terminationPublicity.get(c.caseId);
          state.terminationPublicity.delete(c.caseId);
          if (d.programme !== 'tekun' || d.decidedBy === null) return step(state);
          const shortfall = judge(policy, d.publicity, d.decidedOn);
          if (shortfall === null) return step(state);
          const evidenceStart = d.publicity === null ? undefined : started;
          return step(state, [finding(c, 'termination', shortfall, d.publicity, d.decidedOn, evidenceStart, policy)]);
        }
        default:
          return step(state);
      }
    },
  };
}

interface Publicity {
  readonly from: string;
  readonly until: string;
}

/** What is wrong with the publicity a decision on `decidedOn` rests on, or null. */
function judge(
  policy: Pick<CasePolicy, 'publicityDays'>,
  publicity: Publicity | null,
  decidedOn: string,
): Shortfall | null {
  if (publicity === null) return 'none';
  if (days(publicity) < policy.publicityDays) return 'short';
  if (decidedOn <= publicity.until) return 'not-finished';
  return null;
}

function days(publicity: Publicity): number {
  return toDayNumber(publicity.until) - toDayNumber(publicity.from) + 1;
}

function finding(
  c: CaseInput,
  decision: 'approval' | 'termination',
  shortfall: Shortfall,
  publicity: Publicity | null,
  decidedOn: string,
  started: string | undefined,
  policy: Pick<CasePolicy, 'publicityDays'>,
): RuleFinding {
  const what = decision === 'approval' ? '批准' : '终止特困供养';
  const why =
    shortfall === 'none'
      ? '未经公示'
      : shortfall === 'short'
        ? `公示仅${days(publicity as Publicity)}日（应为${policy.publicityDays}日）`
        : `公示期（至${(publicity as Publicity).until}）未满`;
  return {
    key: `${c.caseId}:${decision}`,
    township: c.township,
    caseId: c.caseId,
    evidence: started === undefined ? [c.event.eventId] : [started, c.event.eventId],
    summary: `案件${c.caseId}于${decidedOn}${why}即${what}`,
    details: {
      decision,
      decidedOn,
      shortfall,
      publicity: publicity === null ? null : { from: publicity.from, until: publicity.until, days: days(publicity) },
      requiredDays: policy.publicityDays,
    },
    ...(shortfall === 'none' ? { severity: 'high' as const } : {}),
  };
}
