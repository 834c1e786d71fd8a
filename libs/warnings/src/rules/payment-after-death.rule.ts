import { monthOf } from '@app/calendar';
import type { CaseState } from '@app/assistance-cases/case.state';
import type { IntegrityRule, RuleFinding, Severity } from './integrity-rule';
import {
  deathExcess,
  isMoneyEvent,
  MONEY_EVENT_TYPES,
  paidPayments,
  type PaymentFact,
  paymentFact,
} from './payment-facts';
import { asCaseInput, type CaseInput, caseTypes, monthZh, ruleHead, step, yuan } from './rule-support';

/**
 * 死人保: money for a month after a death. Per DOMAIN §2/§7 a member counts until the end of the
 * month of death, so the death month is due and the months after it are not: for the household's
 * only (or last) member nothing is due from the next month; for another member the household's
 * amount drops by that member's share from the next month. The rule fires on
 *  - a payment scheduled, reissued or settled for such a month while the death is on record; and
 *  - a death recorded late (MemberDied), for every month after it already paid.
 * One finding per case, month and kind of payment, so the payment's later steps (settlement,
 * reissue) and a late-recorded death that reaches the same month raise nothing new.
 *
 * State: per case with a death, the MemberDied event of each member (evidence). It keeps no index
 * of payment events: for a death recorded late, the payments are named in `details`.
 */
export const PAYMENT_AFTER_DEATH = 'payment-after-death';

export interface PaymentAfterDeathState {
  /** caseId → member index → eventId of the MemberDied, in log order. */
  readonly deaths: Map<string, Map<number, string>>;
}

export function paymentAfterDeathRule(severity: Severity = 'high'): IntegrityRule<PaymentAfterDeathState> {
  return {
    ...ruleHead(PAYMENT_AFTER_DEATH, '死亡后仍发放（死人保）', severity, [
      ...caseTypes('MemberDied'),
      ...MONEY_EVENT_TYPES,
    ]),
    initialState: () => ({ deaths: new Map() }),
    evolve(state, input) {
      const c = asCaseInput(input);
      if (c === undefined) return step(state);
      const event = c.event;
      if (event.type === 'MemberDied') {
        const known = state.deaths.get(c.caseId) ?? new Map<number, string>();
        if (!known.has(event.data.memberIndex)) known.set(event.data.memberIndex, event.eventId);
        state.deaths.set(c.caseId, known);
        const deathMonth = monthOf(event.data.diedOn);
        const findings = paidPayments(c.case.after)
          .filter((p) => p.month > deathMonth)
          .flatMap((p) => judge(state, c, p, true));
        return step(state, findings);
      }
      if (!isMoneyEvent(event)) return step(state);
      return step(state, judge(state, c, paymentFact(event, c.case.after), false));
    },
  };
}

function judge(state: PaymentAfterDeathState, c: CaseInput, payment: PaymentFact, knownLate: boolean): RuleFinding[] {
  const after = c.case.after;
  const excess = deathExcess(after, payment);
  if (excess === null) return [];
  const deathEvents = state.deaths.get(c.caseId) ?? new Map<number, string>();
  const evidence = [...deathEvents.entries()]
    .filter(([index, id]) => excess.deadMembers.includes(index) && id !== c.event.eventId)
    .map(([, id]) => id);
  const dead = excess.deadMembers.map((index) => ({ memberIndex: index, diedOn: diedOn(after, index) }));
  const act = payment.stage === 'paid' ? '已发放' : '仍安排发放';
  const summary = excess.householdEnded
    ? `案件${c.caseId}家庭成员已全部死亡（${lastDeath(dead)}），${act}${monthZh(payment.month)}救助金${yuan(payment.amountFen)}`
    : `案件${c.caseId}有成员死亡（${lastDeath(dead)}），${monthZh(payment.month)}救助金仍含其份额，多发${yuan(excess.excessFen)}`;
  return [
    {
      key: `${c.caseId}:${payment.month}:${payment.kind}`,
      township: c.township,
      caseId: c.caseId,
      evidence: [...evidence, c.event.eventId],
      summary: knownLate ? `${summary}（死亡信息晚于发放登记）` : summary,
      details: {
        paymentId: payment.paymentId,
        month: payment.month,
        kind: payment.kind,
        stage: payment.stage,
        amountFen: payment.amountFen,
        dueFen: excess.dueFen,
        excessFen: excess.excessFen,
        householdEnded: excess.householdEnded,
        deadMembers: dead,
        deathRecordedAfterPayment: knownLate,
      },
      ...(excess.householdEnded ? {} : { severity: 'medium' as const }),
    },
  ];
}

function diedOn(state: CaseState, index: number): string {
  return state.members[index]?.diedOn ?? '';
}

function lastDeath(dead: readonly { readonly diedOn: string }[]): string {
  return `死亡日期${dead.map((d) => d.diedOn).sort().at(-1) ?? ''}`;
}
