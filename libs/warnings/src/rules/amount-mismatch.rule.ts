import { householdAmountFen } from '@app/assistance-cases/case.amount';
import { assistanceFor } from '@app/assistance-cases/case.entitlement';
import type { CasePolicy } from '@app/assistance-cases/case.policy';
import { priceSubsidyCalculation } from '@app/assistance-cases/case.price-subsidy';
import type { RecordedEvent } from '@app/ledger/envelope';
import type { BatchOpened, BatchReconciled } from '@app/payments/batch.events';
import type { StandardSet } from '@app/standards/standards.events';
import { type StandardInForce, standardInForce, standardRegionsFor } from '@app/standards/standards.queries';
import { initialStandardsState, type StandardsState, withStandardSet } from '@app/standards/standards.state';
import type { IntegrityRule, RuleFinding, Severity } from './integrity-rule';
import { deathExcess, isMoneyEvent, MONEY_EVENT_TYPES, type PaymentFact, paymentFact } from './payment-facts';
import { asCaseInput, type CaseInput, monthZh, ruleHead, step, yuan } from './rule-support';

/**
 * 金额不符: an amount paid that differs (beyond `toleranceFen`) from the entitlement computed from
 * the standard in force for the month — the standards register's, most local region first
 * (county, then city), not the snapshot the decision recorded. For a payment scheduled, reissued
 * or settled:
 *  - nothing due for the month (before the award's first month, after a 渐退期, amount 0):
 *    key `<caseId>:<month>:<kind>`;
 *  - the case's own computation is paid but the standard in force gives another amount (a new
 *    standard not applied, or a decision whose standard snapshot is not the register's): one
 *    finding per case, decision and standard, `<caseId>:standard:<decision>:<standardRef>`; for
 *    the price subsidy, fixed month by month on the 低保 standard, `<caseId>:<month>:price-subsidy`;
 *  - otherwise a paid amount off both: `<caseId>:<month>:<kind>`.
 * Months after a death, suspension or termination are left to those rules. A 渐退期 keeps its
 * amount whatever the standard. With no standard on record for the region, the case's own
 * computation is the entitlement. Overpayment is severity high, underpayment the default.
 * Also: a batch reconciliation finding a payment sent to the bank with another amount than its
 * case holds, or with no case payment at all (`batch:<batchId>:<paymentId>`).
 *
 * State: the standards register of each region seen (standard-<region> streams), folded with the
 * standards context's own functions, the event that set each standard (evidence), and the township
 * of each batch opened.
 */
export const AMOUNT_MISMATCH = 'amount-mismatch';

export interface AmountMismatchOptions {
  readonly policy: Pick<CasePolicy, 'priceSubsidy'>;
  /** Differences up to this many 分 are not reported; the case context computes exactly, so 0. */
  readonly toleranceFen?: number;
  readonly severity?: Severity;
}

export interface AmountMismatchState {
  readonly standards: Map<string, StandardsState>;
  /** standardRef.id → the StandardSet event last setting it. */
  readonly standardEvents: Map<string, string>;
  /** batchId → its township, from BatchOpened. */
  readonly batches: Map<string, string>;
}

interface Expected {
  /** By the standard in force (the case's own computation when none is on record). */
  readonly fen: number;
  /** By the case's own inputs: the standard snapshot its decision (or its subsidy) recorded. */
  readonly caseFen: number;
  readonly standard: StandardInForce | undefined;
  /** Why nothing is due for the month, or null. */
  readonly reason: string | null;
  /** The decision in force (`<kind>:<decidedOn>`) for the assistance; null for the subsidy. */
  readonly decision: string | null;
}

export function amountMismatchRule(options: AmountMismatchOptions): IntegrityRule<AmountMismatchState> {
  const tolerance = options.toleranceFen ?? 0;
  return {
    ...ruleHead(AMOUNT_MISMATCH, '发放金额与按标准核定的金额不符', options.severity ?? 'medium', [
      'StandardSet',
      ...MONEY_EVENT_TYPES,
      'BatchOpened',
      'BatchReconciled',
    ]),
    initialState: () => ({ standards: new Map(), standardEvents: new Map(), batches: new Map() }),
    evolve(state, input) {
      const event = input.event;
      if (event.type === 'StandardSet') {
        const set = event as RecordedEvent<StandardSet>;
        const region = set.data.region;
        state.standards.set(region, withStandardSet(state.standards.get(region) ?? initialStandardsState(), set));
        state.standardEvents.set(`${region}/${set.data.programme}/${set.data.effectiveFrom}`, event.eventId);
        return step(state);
      }
      if (event.type === 'BatchOpened') {
        const { batchId, townshipCode } = (event as RecordedEvent<BatchOpened>).data;
        state.batches.set(batchId, townshipCode);
        return step(state);
      }
      if (event.type === 'BatchReconciled') {
        const reconciled = event as RecordedEvent<BatchReconciled>;
        return step(state, batchFindings(reconciled, state.batches.get(reconciled.data.batchId), tolerance));
      }
      const c = asCaseInput(input);
      if (c === undefined || !isMoneyEvent(c.event)) return step(state);
      const payment = paymentFact(c.event, c.case.after);
      const expected = expectedFor(state, c, payment, options.policy);
      if (expected === null || Math.abs(payment.amountFen - expected.fen) <= tolerance) return step(state);
      return step(state, [finding(state, c, payment, expected, tolerance)]);
    },
  };
}

/** What the month's payment should be, or null when another rule owns the month. */
function expectedFor(
  state: AmountMismatchState,
  c: CaseInput,
  payment: PaymentFact,
  policy: Pick<CasePolicy, 'priceSubsidy'>,
): Expected | null {
  const after = c.case.after;
  const due = assistanceFor(after, payment.month);
  if (!due.due) {
    if (due.reason === 'after-death' || due.reason === 'terminated' || due.reason === 'suspended') return null;
    return { fen: 0, caseFen: 0, standard: undefined, reason: due.reason, decision: null };
  }
  if (deathExcess(after, payment) !== null) return null;
  const { calculation, decision } = due.basis;
  const decisionRef = `${decision.kind}:${decision.decidedOn}`;
  if (payment.kind === 'price-subsidy') {
    if (payment.basis?.kind !== 'price-subsidy') return null;
    if (!policy.priceSubsidy.programmes.includes(due.basis.programme)) {
      return { fen: 0, caseFen: 0, standard: undefined, reason: 'programme-not-covered', decision: null };
    }
    // The subsidy is fixed month by month (CPI and standard of the month), not by a decision.
    const basis = payment.basis;
    const perPerson = (standardFen: number) =>
      priceSubsidyCalculation(basis.cpi, standardFen, policy.priceSubsidy)?.perPersonFen ?? 0;
    const caseFen = perPerson(basis.standard.monthlyFen) * due.persons;
    const standard = inForce(state, c.township, 'dibao', payment.month);
    const fen = standard === undefined ? caseFen : perPerson(standard.monthlyFen) * due.persons;
    return { fen, caseFen, standard, reason: null, decision: null };
  }
  const caseFen = due.amountFen;
  if (calculation.method === 'gradual-exit-kept') {
    return { fen: caseFen, caseFen, standard: undefined, reason: null, decision: decisionRef };
  }
  const programme = due.basis.programme;
  const standard = inForce(state, c.township, programme === 'dibao' ? 'dibao' : 'tekun-basic', payment.month);
  if (standard === undefined) return { fen: caseFen, caseFen, standard, reason: null, decision: decisionRef };
  const income = Math.max(0, calculation.countedIncomeFen - calculation.deductedExpenditureFen);
  const { memberCount, stoppedShares } = calculation;
  const fen = householdAmountFen(programme, standard.monthlyFen, income, memberCount, stoppedShares);
  return { fen, caseFen, standard, reason: null, decision: decisionRef };
}

function inForce(
  state: AmountMismatchState,
  township: string,
  programme: 'dibao' | 'tekun-basic',
  month: string,
): StandardInForce | undefined {
  for (const region of standardRegionsFor(township)) {
    const register = state.standards.get(region);
    const found = register === undefined ? undefined : standardInForce(register, programme, month);
    if (found !== undefined) return found;
  }
  return undefined;
}

function finding(
  state: AmountMismatchState,
  c: CaseInput,
  payment: PaymentFact,
  expected: Expected,
  tolerance: number,
): RuleFinding {
  const differenceFen = payment.amountFen - expected.fen;
  const caseComputed = Math.abs(payment.amountFen - expected.caseFen) <= tolerance;
  const standardNotApplied = expected.reason === null && expected.standard !== undefined && caseComputed;
  const standardRef = expected.standard?.standardRef.id ?? null;
  const standardEvent = standardRef === null ? undefined : state.standardEvents.get(standardRef);
  const key =
    standardNotApplied && expected.decision !== null
      ? `${c.caseId}:standard:${expected.decision}:${standardRef}`
      : `${c.caseId}:${payment.month}:${payment.kind}`;
  const direction = differenceFen > 0 ? `多发${yuan(differenceFen)}` : `少发${yuan(-differenceFen)}`;
  const why =
    expected.reason !== null
      ? `该月无应发金额（${expected.reason}）`
      : standardNotApplied
        ? `未按${monthZh(payment.month)}执行的标准${yuan(expected.standard?.monthlyFen ?? 0)}核定`
        : `应发${yuan(expected.fen)}`;
  return {
    key,
    township: c.township,
    caseId: c.caseId,
    evidence: standardEvent === undefined ? [c.event.eventId] : [standardEvent, c.event.eventId],
    summary: `案件${c.caseId}${monthZh(payment.month)}救助金${yuan(payment.amountFen)}，${why}，${direction}`,
    details: {
      paymentId: payment.paymentId,
      month: payment.month,
      kind: payment.kind,
      stage: payment.stage,
      paidFen: payment.amountFen,
      expectedFen: expected.fen,
      caseComputedFen: expected.caseFen,
      differenceFen,
      notDueReason: expected.reason,
      standard:
        expected.standard === undefined
          ? null
          : { standardRef, monthlyFen: expected.standard.monthlyFen, effectiveFrom: expected.standard.effectiveFrom },
      decision: expected.decision,
      finding: expected.reason !== null ? 'not-due' : standardNotApplied ? 'standard-not-applied' : 'amount-differs',
    },
    ...(differenceFen > 0 ? { severity: 'high' as const } : {}),
  };
}

/** Payments the bank was sent with another amount than their case holds, or without a case payment. */
function batchFindings(
  event: RecordedEvent<BatchReconciled>,
  opened: string | undefined,
  tolerance: number,
): RuleFinding[] {
  const batchId = event.data.batchId;
  // A batch id is `<township>-<yyyymm>` (batchIdOf) when its opening was not seen.
  const township = opened ?? batchId.slice(0, 9);
  return event.data.differences.flatMap((d): RuleFinding[] => {
    if (d.issue === 'amount' && Math.abs(d.differenceFen) > tolerance) {
      return [
        {
          key: `batch:${batchId}:${d.paymentId}`,
          township,
          caseId: d.caseId,
          evidence: [event.eventId],
          summary: `批次${batchId}中支付${d.paymentId}报送银行${yuan(d.batchAmountFen)}，与案件记载${yuan(d.caseAmountFen)}不符`,
          details: {
            batchId,
            paymentId: d.paymentId,
            issue: d.issue,
            batchAmountFen: d.batchAmountFen,
            caseAmountFen: d.caseAmountFen,
            differenceFen: d.differenceFen,
          },
          ...(d.differenceFen > 0 ? { severity: 'high' as const } : {}),
        },
      ];
    }
    if (d.issue === 'not-in-cases') {
      return [
        {
          key: `batch:${batchId}:${d.paymentId}`,
          township,
          caseId: d.caseId,
          evidence: [event.eventId],
          summary: `批次${batchId}中支付${d.paymentId}报送银行${yuan(d.batchAmountFen)}，案件中无此支付`,
          details: {
            batchId,
            paymentId: d.paymentId,
            issue: d.issue,
            batchAmountFen: d.batchAmountFen,
            caseAmountFen: 0,
            differenceFen: d.batchAmountFen,
          },
          severity: 'high',
        },
      ];
    }
    return [];
  });
}
