import {
  type CasePolicy,
  type CaseState,
  COUNTY_REVIEWER,
  entitlementFor,
  type PriceSubsidyInput,
  TOWNSHIP_STAFF,
} from '@app/assistance-cases';
import { type CaseDecider, caseStreamIdOf } from '@app/assistance-cases/http';
import { DomainError } from '@app/ledger/domain';
import { WrongExpectedRevisionError } from '@app/ledger/errors';
import { actingRole, type CommandExecutor, type HttpCommandContext, type Role } from '@app/platform';
import type { CasePayment, CaseRefusal, PaymentKind } from '../batch.events';
import type { PlannedSchedulePayment } from '../batch-run.plan';

/** Who may schedule a case payment, as the case context allows it. */
export const CASE_PAYMENT_STAFF: readonly Role[] = Object.freeze([...TOWNSHIP_STAFF, ...COUNTY_REVIEWER]);

/** A case the run could not ask, with the reason; a later run asks it again. */
export interface CaseFailure {
  readonly caseId: string;
  readonly kind: PaymentKind;
  readonly code: string;
  readonly message: string;
}

export type ScheduleOutcome =
  | { readonly type: 'scheduled'; readonly payment: CasePayment; readonly appended: number }
  | { readonly type: 'refused'; readonly refusal: CaseRefusal; readonly appended: number }
  | { readonly type: 'failed'; readonly failure: CaseFailure };

export interface ScheduleRequest {
  readonly executor: CommandExecutor;
  readonly decider: CaseDecider;
  readonly policy: Pick<CasePolicy, 'priceSubsidy'>;
  /** The run's context without If-Match or Idempotency-Key: each command carries its own id. */
  readonly context: HttpCommandContext;
  readonly planned: PlannedSchedulePayment;
  /** The CPI figures and the 低保 standard, sent with the planned price-subsidy payments. */
  readonly priceSubsidy?: PriceSubsidyInput;
}

/**
 * Sends one planned SchedulePayment to its case under the plan's command id, and reads the case's
 * answer from the case as it stands after it: the payment with this id, or why the month is not
 * paid. Reading the state rather than the events makes a second run, which appends nothing,
 * answer exactly as the first did. A case that refuses the command itself (a conflict, a case
 * not found, a stream too busy) is a failure of that case; anything else stops the run.
 */
export async function schedulePlanned(request: ScheduleRequest): Promise<ScheduleOutcome> {
  const { planned, priceSubsidy, context } = request;
  const { caseId, paymentId, batchId, month, kind } = planned.data;
  try {
    const result = await request.executor.run({
      context,
      decider: request.decider,
      streamId: caseStreamIdOf(caseId),
      role: actingRole(context.principal, CASE_PAYMENT_STAFF),
      type: 'SchedulePayment',
      data: {
        caseId,
        paymentId,
        batchId,
        month,
        kind,
        ...(kind === 'price-subsidy' && priceSubsidy !== undefined ? { priceSubsidy } : {}),
      },
      commandId: planned.commandId,
    });
    const appended = result.replayed ? 0 : result.events.length;
    return { ...answerOf(result.state, planned, priceSubsidy, request.policy), appended };
  } catch (error) {
    const perCase =
      (error instanceof DomainError && (error.kind === 'conflict' || error.kind === 'not-found')) ||
      error instanceof WrongExpectedRevisionError;
    if (!perCase) throw error;
    return { type: 'failed', failure: { caseId, kind, code: error.code, message: error.message } };
  }
}

type Answer =
  | { readonly type: 'scheduled'; readonly payment: CasePayment }
  | { readonly type: 'refused'; readonly refusal: CaseRefusal };

function answerOf(
  state: CaseState,
  planned: PlannedSchedulePayment,
  priceSubsidy: PriceSubsidyInput | undefined,
  policy: Pick<CasePolicy, 'priceSubsidy'>,
): Answer {
  const { caseId, paymentId, batchId, month, kind } = planned.data;
  const payment = state.payments.find((p) => p.paymentId === paymentId);
  if (payment !== undefined) {
    return { type: 'scheduled', payment: { caseId, paymentId, kind: payment.kind, amountFen: payment.amountFen } };
  }
  const refused = state.paymentRefusals.filter((r) => r.batchId === batchId && r.month === month && r.kind === kind);
  const recorded = refused[refused.length - 1];
  if (recorded !== undefined) return { type: 'refused', refusal: { caseId, kind, reason: recorded.reason } };
  // The case recorded nothing because another payment already holds the month (a reissue, an
  // earlier batch): its own entitlement says which, and the batch lists the case as not paid.
  const entitlement = entitlementFor(state, month, kind === 'price-subsidy' ? priceSubsidy : undefined, policy);
  const reason = entitlement.due ? 'not-scheduled' : entitlement.reason;
  return { type: 'refused', refusal: { caseId, kind, reason } };
}
