import { isYearMonth } from '@app/calendar';
import { DomainError } from '@app/ledger/domain';
import { unitLevel } from '@app/platform/jurisdiction';
import { batchIdOf, isPaymentKind, PAYMENT_KINDS, type PaymentKind } from './batch.events';
import { requireId } from './batch.validation';

/** A case the runner found in payment for the month. */
export interface CaseToPay {
  readonly caseId: string;
  readonly townshipCode: string;
}

/**
 * One SchedulePayment for a case stream. Its ids depend only on the case, the month and the kind,
 * so two runs of the same batch, even at once, send the same commands, and the ledger's
 * idempotent command path appends each exactly once. Whether it pays, and how much, is the
 * case's decision (PaymentScheduled or PaymentRefused).
 */
export interface PlannedSchedulePayment {
  readonly type: 'SchedulePayment';
  /** `schedule-<caseId>-<month>-<kind>`, the command id to run it under. */
  readonly commandId: string;
  readonly data: {
    readonly caseId: string;
    /** `pay-<caseId>-<month>-<kind>`. */
    readonly paymentId: string;
    readonly batchId: string;
    readonly month: string;
    readonly kind: PaymentKind;
  };
}

export function paymentIdOf(caseId: string, month: string, kind: PaymentKind): string {
  return `pay-${caseId}-${month}-${kind}`;
}

export function scheduleCommandIdOf(caseId: string, month: string, kind: PaymentKind): string {
  return `schedule-${caseId}-${month}-${kind}`;
}

/**
 * Every case once per kind, ordered by batch, case and kind whatever the order of `cases`; a
 * case listed twice is planned once. Price subsidy is planned for every case: the case context
 * refuses it in a month without one.
 */
export function planBatchRun(
  cases: readonly CaseToPay[],
  month: string,
  kinds: readonly PaymentKind[] = PAYMENT_KINDS,
): PlannedSchedulePayment[] {
  if (!isYearMonth(month)) throw DomainError.invalid('month', 'month must be YYYY-MM');
  kinds.forEach((kind, i) => {
    if (!isPaymentKind(kind)) throw DomainError.invalid(`kinds[${i}]`, 'a kind is assistance or price-subsidy');
  });
  const townshipOf = new Map<string, string>();
  cases.forEach((c, i) => {
    const caseId = requireId(c?.caseId, `cases[${i}].caseId`);
    const township = c.townshipCode;
    if (typeof township !== 'string' || unitLevel(township) !== 'township') {
      throw DomainError.invalid(`cases[${i}].townshipCode`, 'townshipCode must be a 9-digit township code');
    }
    const known = townshipOf.get(caseId);
    if (known !== undefined && known !== township) {
      throw DomainError.invalid(`cases[${i}].townshipCode`, `case ${caseId} is listed in ${known} and ${township}`);
    }
    townshipOf.set(caseId, township);
  });
  const order = PAYMENT_KINDS.filter((kind) => kinds.includes(kind));
  return [...townshipOf]
    .map(([caseId, township]) => ({ caseId, batchId: batchIdOf(township, month) }))
    .sort((a, b) => compare(a.batchId, b.batchId) || compare(a.caseId, b.caseId))
    .flatMap(({ caseId, batchId }) =>
      order.map((kind) => ({
        type: 'SchedulePayment' as const,
        commandId: scheduleCommandIdOf(caseId, month, kind),
        data: { caseId, paymentId: paymentIdOf(caseId, month, kind), batchId, month, kind },
      })),
    );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
