import { addMonths, monthOf, nextMonth } from '@app/calendar';
import { DomainError } from '@app/ledger/domain';
import type { ResumeCase, SuspendCase } from './case.commands';
import type { CaseEvent } from './case.events';
import { authorizeDecision, todayOf } from './case.guards';
import { scheduledPaymentsFrom } from './case-management.queries';
import { requireManaged } from './case-management.validation';
import type { CaseState } from './case.state';
import { requireBoolean, requirePastDate, requireReasons } from './case.validation';

/** 暂停发放 and 恢复发放 of an approved case. */

/**
 * 暂停发放 from the month of `from` (today by default). A hold cannot withhold money already out:
 * when `from` is today and this month's assistance is already paid, the hold starts next month. A
 * `from` in the past reaches back, and what was paid for the months since becomes recoverable.
 * Scheduled payments of withheld months are named for cancellation; if the bank pays one anyway,
 * its settlement is recorded and flagged for recovery.
 */
export function suspendCase(command: SuspendCase, state: CaseState): CaseEvent[] {
  const decidedBy = authorizeDecision(command, state, 'suspend a case');
  requireManaged(state, ['approved'], 'suspend the case');
  const today = todayOf(command);
  const reasons = requireReasons(command.data.reasons, 'reasons');
  const from = command.data.from === undefined ? today : requirePastDate(command.data.from, 'from', today);
  const approvedOn = (state.decision as NonNullable<CaseState['decision']>).decidedOn;
  if (from < approvedOn) throw DomainError.invalid('from', `from ${from} is before the approval (${approvedOn})`);
  const month = monthOf(from);
  const alreadyPaid = state.payments.some((p) => p.month === month && p.kind === 'assistance' && p.status === 'paid');
  const fromMonth = from === today && alreadyPaid ? nextMonth(month) : month;
  return [
    {
      type: 'CaseSuspended',
      data: {
        caseId: state.caseId as string,
        decidedOn: today,
        decidedBy,
        delegationId: decidedBy.delegationId ?? null,
        reasons,
        suspendedOn: today,
        from,
        fromMonth,
        paymentsToCancel: scheduledPaymentsFrom(state, fromMonth),
      },
    },
  ];
}

/**
 * Payment is due again from this month; the months in between stay withheld, unless `backPay`
 * says the suspension was unfounded: then it is void and the withheld months are due (补发).
 */
export function resumeCase(command: ResumeCase, state: CaseState): CaseEvent[] {
  const decidedBy = authorizeDecision(command, state, 'resume a case');
  requireManaged(state, ['suspended'], 'resume the case');
  const today = todayOf(command);
  const reasons = requireReasons(command.data.reasons, 'reasons');
  const backPay = command.data.backPay === undefined ? false : requireBoolean(command.data.backPay, 'backPay');
  const suspension = state.suspensions.find((s) => s.resumedFrom === null) as CaseState['suspensions'][number];
  const current = monthOf(today);
  const fromMonth = backPay || current < suspension.fromMonth ? suspension.fromMonth : current;
  const withheldMonths: string[] = [];
  for (let m = suspension.fromMonth; m < fromMonth; m = addMonths(m, 1)) withheldMonths.push(m);
  return [
    {
      type: 'CaseResumed',
      data: {
        caseId: state.caseId as string,
        decidedOn: today,
        decidedBy,
        delegationId: decidedBy.delegationId ?? null,
        reasons,
        resumedOn: today,
        fromMonth,
        backPay,
        withheldMonths,
      },
    },
  ];
}
