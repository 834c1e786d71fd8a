import type { IntegrityRule, RuleFinding, Severity } from './integrity-rule';
import {
  type Hold,
  holdFor,
  isMoneyEvent,
  MONEY_EVENT_TYPES,
  paidPayments,
  type PaymentFact,
  paymentFact,
} from './payment-facts';
import { asCaseInput, type CaseInput, caseTypes, monthZh, ruleHead, step, yuan } from './rule-support';

/**
 * 暂停/终止后仍发放: money for a month in which the case was suspended (暂停发放), or from the
 * first month of its termination (终止) on. Fires on
 *  - a payment scheduled, reissued or settled for a held month while the hold is on record; and
 *  - a suspension or termination reaching back over months already paid (severity low: a decision
 *    taken with the payments in view, whose money is now to recover).
 * A termination on the ground of death is left to payment-after-death when the recorded deaths
 * explain it. One finding per case, month and kind of payment.
 *
 * State: per case, the CaseSuspended events (in the order of the case's suspensions) and the
 * CaseTerminated event, for evidence.
 */
export const PAYMENT_ON_HELD_CASE = 'payment-on-held-case';

interface HoldEvents {
  readonly suspensions: string[];
  termination: string | null;
}

export interface PaymentOnHeldCaseState {
  readonly holds: Map<string, HoldEvents>;
}

export function paymentOnHeldCaseRule(severity: Severity = 'high'): IntegrityRule<PaymentOnHeldCaseState> {
  return {
    ...ruleHead(PAYMENT_ON_HELD_CASE, '暂停或终止后仍发放', severity, [
      ...caseTypes('CaseSuspended', 'CaseTerminated'),
      ...MONEY_EVENT_TYPES,
    ]),
    initialState: () => ({ holds: new Map() }),
    evolve(state, input) {
      const c = asCaseInput(input);
      if (c === undefined) return step(state);
      const event = c.event;
      if (event.type === 'CaseSuspended' || event.type === 'CaseTerminated') {
        const events = state.holds.get(c.caseId) ?? { suspensions: [], termination: null };
        if (event.type === 'CaseSuspended') {
          // Aligned with the case's list of suspensions: the event adds the last one.
          const index = c.case.after.suspensions.length - 1;
          if (events.suspensions.length <= index) events.suspensions[index] = event.eventId;
        } else if (events.termination === null) {
          events.termination = event.eventId;
        }
        state.holds.set(c.caseId, events);
        const findings = paidPayments(c.case.after).flatMap((p) => {
          const hold = holdFor(c.case.after, p.month);
          const reachedBack = hold !== null && holdEventId(events, hold) === event.eventId;
          return reachedBack ? [finding(c, p, hold, [event.eventId], true)] : [];
        });
        return step(state, findings);
      }
      if (!isMoneyEvent(event)) return step(state);
      const payment = paymentFact(event, c.case.after);
      const hold = holdFor(c.case.after, payment.month);
      if (hold === null || payment.amountFen <= 0) return step(state);
      const holdEvent = holdEventId(state.holds.get(c.caseId), hold);
      const evidence = holdEvent === null ? [event.eventId] : [holdEvent, event.eventId];
      return step(state, [finding(c, payment, hold, evidence, false)]);
    },
  };
}

function holdEventId(events: HoldEvents | undefined, hold: Hold): string | null {
  if (events === undefined) return null;
  return (hold.kind === 'terminated' ? events.termination : events.suspensions[hold.suspension]) ?? null;
}

function finding(
  c: CaseInput,
  payment: PaymentFact,
  hold: Hold,
  evidence: readonly string[],
  reachedBack: boolean,
): RuleFinding {
  const what =
    hold.kind === 'terminated' ? `自${monthZh(hold.effectiveFrom)}起终止` : `自${monthZh(hold.fromMonth)}起暂停发放`;
  const act = payment.stage === 'paid' ? '已发放' : '仍安排发放';
  return {
    key: `${c.caseId}:${payment.month}:${payment.kind}`,
    township: c.township,
    caseId: c.caseId,
    evidence,
    summary: reachedBack
      ? `案件${c.caseId}${what}，${monthZh(payment.month)}救助金${yuan(payment.amountFen)}已在此前发放，应予追回`
      : `案件${c.caseId}${what}，${act}${monthZh(payment.month)}救助金${yuan(payment.amountFen)}`,
    details: {
      paymentId: payment.paymentId,
      month: payment.month,
      kind: payment.kind,
      stage: payment.stage,
      amountFen: payment.amountFen,
      hold:
        hold.kind === 'terminated'
          ? { kind: 'terminated', effectiveFrom: hold.effectiveFrom, ground: hold.ground }
          : { kind: 'suspended', fromMonth: hold.fromMonth, resumedFrom: hold.resumedFrom },
      holdRecordedAfterPayment: reachedBack,
    },
    ...(reachedBack ? { severity: 'low' as const } : {}),
  };
}
