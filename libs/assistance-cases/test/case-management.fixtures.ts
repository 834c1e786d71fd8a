import type { Actor } from '@app/ledger/envelope';
import type { CaseCommand, CaseEvent, PaymentKind, PriceSubsidyInput } from '../src';
import {
  application,
  approve,
  approver,
  at,
  clerk,
  command,
  dibao890,
  IDS,
  inForce,
  inPublicity,
  MARCH_2021,
  runOn,
  tekun1602,
} from './case.fixtures';

/** Histories of approved cases and the commands of their management, built with the real rules. */

/** Appends what the commands decide, each on the history so far; returns the whole history. */
export function then(history: readonly CaseEvent[], ...commands: CaseCommand[]): CaseEvent[] {
  return [...history, ...runOn(history, ...commands)];
}

/**
 * 低保, three members (applicant 0, spouse 1, child 2), 900 元 counted wages at the 890 元
 * standard: 177 000 分 a month, approved 16 March 2021, payable from April 2021.
 */
export function approvedDibao(): CaseEvent[] {
  return then(inPublicity(), approve(at('2021-03-16')));
}

/** 特困, one person at the 1602 元 basic standard: 160 200 分 a month from April 2021. */
export function approvedTekun(): CaseEvent[] {
  const app = application({
    programme: 'tekun',
    household: {
      ...application().household,
      members: [{ relation: 'applicant', personal: { name: '王五', idNumber: IDS.elder } }],
      monthlyIncomeFen: { pension: 20_000 },
    },
  });
  return then(
    inPublicity({ ...MARCH_2021, opinionStandard: tekun1602 }, app),
    approve(at('2021-03-16'), { standard: tekun1602 }),
  );
}

/** A decision on an approved case by the township approver under delegation dlg-1. */
export function decide<T extends CaseCommand['type']>(
  type: T,
  data: Omit<Extract<CaseCommand, { type: T }>['data'], 'caseId' | 'delegation'>,
  date: string,
  actor: Actor = approver,
): CaseCommand {
  return command(type, { caseId: 'c-1', delegation: inForce(), ...data } as never, actor, at(date));
}

/** A step by township staff (the clerk). */
export function step<T extends CaseCommand['type']>(
  type: T,
  data: Omit<Extract<CaseCommand, { type: T }>['data'], 'caseId'>,
  date: string,
  actor: Actor = clerk,
): CaseCommand {
  return command(type, { caseId: 'c-1', ...data } as never, actor, at(date));
}

export function schedule(
  paymentId: string,
  month: string,
  date: string,
  options: { batchId?: string; kind?: PaymentKind; priceSubsidy?: PriceSubsidyInput } = {},
): CaseCommand {
  return step(
    'SchedulePayment',
    {
      paymentId,
      batchId: options.batchId ?? `batch-330602001-${month.replace('-', '')}`,
      month,
      kind: options.kind ?? 'assistance',
      ...(options.priceSubsidy ? { priceSubsidy: options.priceSubsidy } : {}),
    },
    date,
  );
}

export function settle(
  paymentId: string,
  outcome: 'paid' | 'failed' | 'returned',
  date: string,
  reason?: string,
): CaseCommand {
  return step(
    'RecordSettlement',
    { paymentId, outcome, bankReference: `BR-${paymentId}-${outcome}`, settledOn: date, ...(reason ? { reason } : {}) },
    date,
  );
}

/** Schedules and pays each month on its 5th and 10th day. */
export function paidMonths(history: readonly CaseEvent[], months: readonly string[]): CaseEvent[] {
  return months.reduce(
    (h, month) => then(h, schedule(`p-${month}`, month, `${month}-05`), settle(`p-${month}`, 'paid', `${month}-10`)),
    [...history],
  );
}

export function death(idNumber: string, diedOn: string, date: string, recordId = 'DR-1'): CaseCommand {
  return step('RecordMemberDeath', { idNumber, diedOn, source: { registry: '公安户籍', recordId } }, date);
}

export const june2021Cpi = (cpiYoY: number, foodCpiYoY: number) => ({ month: '2021-06', cpiYoY, foodCpiYoY });

export const priceSubsidy = (cpiYoY: number, foodCpiYoY: number): PriceSubsidyInput => ({
  cpi: june2021Cpi(cpiYoY, foodCpiYoY),
  standard: dibao890,
});

export { dibao890 };
