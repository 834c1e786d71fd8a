import { monthOf } from '@app/calendar';
import type {
  AmountDecision,
  MemberRecord,
  ShareStop,
  Suspension,
  Termination,
} from '@app/assistance-cases/case-management.state';
import { householdEndedAfter, monthlyAwardOf } from '@app/assistance-cases/case.entitlement';
import type { Programme } from '@app/assistance-cases/case.policy';
import type { CaseState } from '@app/assistance-cases/case.state';
import type { IntegrityRule, RuleFinding, Severity } from './integrity-rule';
import { isMoneyEvent, MONEY_EVENT_TYPES, paymentFact } from './payment-facts';
import { asCaseInput, type CaseInput, caseTypes, maskIdNumber, monthZh, ruleHead, step } from './rule-support';

/**
 * 重复享受: one person (by resident ID number) paid the same monthly programme in two cases for
 * the same month — typically in two townships. Judged when money moves: a payment of the
 * assistance for a month in case B while case A of the same programme also pays that person for
 * that month. A case pays for a person in a month when it is payable then (from the award's first
 * month, not terminated before it, not suspended in it, the household not ended) and the decision
 * in force for the month counts the person, alive, with their own share not stopped — as the case
 * context computes the amount. A member who left counts until the amount is decided again, since
 * the household is paid for them until then. A move between townships whose old case ends (or is
 * re-decided without the person) before the new one pays is therefore no finding. One finding per
 * pair of cases, whatever the months and persons.
 *
 * State: per case of a covered programme with an approved monthly award, the parts of its state
 * that say whom it pays when (references to the case's own immutable members, ID numbers, amount
 * decisions, share stops, suspensions and termination, so O(1) to refresh) and the event that
 * approved it; and an index from ID number to those cases.
 */
export const DUPLICATE_ENROLMENT = 'duplicate-enrolment';

interface Coverage {
  readonly caseId: string;
  readonly programme: Programme;
  readonly township: string;
  readonly payableFrom: string;
  readonly members: readonly MemberRecord[];
  readonly idNumbers: readonly string[];
  readonly amounts: readonly AmountDecision[];
  readonly shareStops: readonly ShareStop[];
  readonly suspensions: readonly Suspension[];
  readonly termination: Termination | null;
  /** The month after which no member lives, or null. */
  readonly endedAfter: string | null;
  readonly approvedBy: string;
}

export interface DuplicateEnrolmentState {
  readonly cases: Map<string, Coverage>;
  /** ID number → ids of the covered cases that ever had the person as a member. */
  readonly byPerson: Map<string, string[]>;
}

export function duplicateEnrolmentRule(
  severity: Severity = 'high',
  programmes: readonly ('dibao' | 'tekun')[] = ['dibao', 'tekun'],
): IntegrityRule<DuplicateEnrolmentState> {
  return {
    ...ruleHead(DUPLICATE_ENROLMENT, '同一人重复享受同一救助', severity, [
      ...caseTypes(
        'CaseApproved',
        'HouseholdChangeReported',
        'MemberDied',
        'CaseSuspended',
        'CaseResumed',
        'CaseTerminated',
      ),
      ...MONEY_EVENT_TYPES,
    ]),
    initialState: () => ({ cases: new Map(), byPerson: new Map() }),
    evolve(state, input) {
      const c = asCaseInput(input);
      if (c === undefined) return step(state);
      const coverage = refresh(state, c, programmes);
      const event = c.event;
      if (coverage === undefined || !isMoneyEvent(event)) return step(state);
      const payment = paymentFact(event, c.case.after);
      if (payment.kind !== 'assistance' || payment.amountFen <= 0) return step(state);
      return step(state, duplicates(state, c, coverage, payment.month, payment.paymentId));
    },
  };
}

function refresh(
  state: DuplicateEnrolmentState,
  c: CaseInput,
  programmes: readonly ('dibao' | 'tekun')[],
): Coverage | undefined {
  const after = c.case.after;
  const award = monthlyAwardOf(after);
  const covered = after.programme !== null && (programmes as readonly string[]).includes(after.programme);
  if (award === null || after.programme === null || !covered) return undefined;
  const known = state.cases.get(c.caseId);
  if (known !== undefined && sameCoverage(known, after)) return known;
  const coverage: Coverage = {
    caseId: c.caseId,
    programme: after.programme,
    township: c.township,
    payableFrom: award.payableFrom,
    members: after.members,
    idNumbers: after.personal.memberIdNumbers,
    amounts: after.amounts,
    shareStops: after.shareStops,
    suspensions: after.suspensions,
    termination: after.termination,
    endedAfter: householdEndedAfter(after)?.month ?? null,
    approvedBy: known?.approvedBy ?? c.event.eventId,
  };
  state.cases.set(c.caseId, coverage);
  for (const id of coverage.idNumbers.slice(known?.idNumbers.length ?? 0)) {
    const cases = state.byPerson.get(id) ?? [];
    if (!cases.includes(c.caseId)) cases.push(c.caseId);
    state.byPerson.set(id, cases);
  }
  return coverage;
}

function sameCoverage(known: Coverage, after: CaseState): boolean {
  return (
    known.members === after.members &&
    known.idNumbers === after.personal.memberIdNumbers &&
    known.amounts === after.amounts &&
    known.shareStops === after.shareStops &&
    known.suspensions === after.suspensions &&
    known.termination === after.termination
  );
}

/** Whether a case pays for a person in a month, by what it has on record. */
function covers(coverage: Coverage, idNumber: string, month: string): boolean {
  if (month < coverage.payableFrom) return false;
  if (coverage.endedAfter !== null && month > coverage.endedAfter) return false;
  if (coverage.termination !== null && month >= coverage.termination.effectiveFrom) return false;
  if (coverage.suspensions.some((s) => s.fromMonth <= month && (s.resumedFrom === null || month < s.resumedFrom))) {
    return false;
  }
  const index = coverage.idNumbers.indexOf(idNumber);
  const member = coverage.members[index];
  if (member === undefined || (member.diedOn !== null && monthOf(member.diedOn) < month)) return false;
  let decision: AmountDecision | undefined;
  for (const d of coverage.amounts) if (d.from <= month) decision = d;
  if (decision === undefined || !decision.countedMembers.includes(index)) return false;
  if (decision.kind === 'gradual-exit' && decision.gradualExitUntil !== null && month > decision.gradualExitUntil) {
    return false;
  }
  const stopped =
    decision.stoppedMembers.includes(index) ||
    coverage.shareStops.slice(decision.shareStopsBefore).some((s) => s.memberIndex === index && s.from <= month);
  return !stopped;
}

function duplicates(
  state: DuplicateEnrolmentState,
  c: CaseInput,
  coverage: Coverage,
  month: string,
  paymentId: string,
): RuleFinding[] {
  const overlaps = new Map<string, string[]>();
  for (const id of coverage.idNumbers) {
    if (!covers(coverage, id, month)) continue;
    for (const otherId of state.byPerson.get(id) ?? []) {
      const other = state.cases.get(otherId);
      if (otherId === c.caseId || other === undefined || other.programme !== coverage.programme) continue;
      if (covers(other, id, month)) overlaps.set(otherId, [...(overlaps.get(otherId) ?? []), id]);
    }
  }
  return [...overlaps.entries()].map(([otherId, ids]) => {
    const other = state.cases.get(otherId) as Coverage;
    const pair = [c.caseId, otherId].sort();
    return {
      key: `${coverage.programme}:${pair[0]}:${pair[1]}`,
      township: c.township,
      caseId: c.caseId,
      evidence: [other.approvedBy, c.event.eventId],
      summary:
        `${ids.length}人在案件${c.caseId}（${c.township}）与案件${otherId}（${other.township}）` +
        `同时享受${coverage.programme === 'tekun' ? '特困供养' : '低保'}，${monthZh(month)}重复发放`,
      details: {
        programme: coverage.programme,
        month,
        paymentId,
        otherCaseId: otherId,
        otherTownship: other.township,
        persons: ids.map(maskIdNumber),
      },
    };
  });
}
