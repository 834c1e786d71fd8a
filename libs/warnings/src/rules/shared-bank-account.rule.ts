import { maskAccount } from '@app/households/bank-account';
import type { IntegrityRule, RuleFinding, Severity } from './integrity-rule';
import { isMoneyEvent, MONEY_EVENT_TYPES, paymentFact } from './payment-facts';
import { asCaseInput, caseTypes, ruleHead, step } from './rule-support';

/**
 * 一卡多户: one bank account receiving assistance for different households (冒领, 拆户保, or staff
 * holding recipients' cards). The account is the one given at application (the only one a case
 * has). Two cases are the same household when they share a member (a 低保 and a 临时救助 case
 * of one family, or a new application after a termination); cases with no member in common are
 * different households. Judged when money moves: the first payment of a case into an account that
 * already received money for a different household. One finding per pair of cases, named by the
 * case paid first and the case paid later.
 *
 * State: the account of every case that gave one (digits only, never written to a finding), and
 * per account the cases paid into it with their members' ID numbers (a reference to the case's
 * own list) and their first payment event.
 */
export const SHARED_BANK_ACCOUNT = 'shared-bank-account';

interface Payee {
  readonly caseId: string;
  readonly township: string;
  idNumbers: readonly string[];
  readonly firstPayment: string;
}

export interface SharedBankAccountState {
  /** caseId → account number and bank. */
  readonly accounts: Map<string, { readonly accountNumber: string; readonly bankName: string }>;
  /** account number → cases paid into it, in the order of their first payment. */
  readonly payees: Map<string, Payee[]>;
}

export function sharedBankAccountRule(severity: Severity = 'high'): IntegrityRule<SharedBankAccountState> {
  return {
    ...ruleHead(SHARED_BANK_ACCOUNT, '同一银行账户收取不同家庭救助金', severity, [
      ...caseTypes('ApplicationSubmitted'),
      ...MONEY_EVENT_TYPES,
    ]),
    initialState: () => ({ accounts: new Map(), payees: new Map() }),
    evolve(state, input) {
      const c = asCaseInput(input);
      if (c === undefined) return step(state);
      const event = c.event;
      if (event.type === 'ApplicationSubmitted') {
        const account = event.data.personal.bankAccount;
        if (account !== undefined && !state.accounts.has(c.caseId)) {
          state.accounts.set(c.caseId, { accountNumber: account.accountNumber, bankName: account.bankName });
        }
        return step(state);
      }
      if (!isMoneyEvent(event)) return step(state);
      const account = state.accounts.get(c.caseId);
      if (account === undefined || paymentFact(event, c.case.after).amountFen <= 0) return step(state);
      const idNumbers = c.case.after.personal.memberIdNumbers;
      const payees = state.payees.get(account.accountNumber) ?? [];
      const known = payees.find((p) => p.caseId === c.caseId);
      if (known !== undefined) {
        known.idNumbers = idNumbers;
        return step(state);
      }
      const mine = new Set(idNumbers);
      const findings: RuleFinding[] = payees
        .filter((other) => !other.idNumbers.some((id) => mine.has(id)))
        .map((other) => ({
          key: `${other.caseId}:${c.caseId}`,
          township: c.township,
          caseId: c.caseId,
          evidence: [other.firstPayment, event.eventId],
          summary:
            `银行账户${maskAccount(account.accountNumber)}同时收取案件${other.caseId}（${other.township}）` +
            `与案件${c.caseId}（${c.township}）两个无共同成员家庭的救助金`,
          details: {
            account: maskAccount(account.accountNumber),
            bankName: account.bankName,
            paymentId: event.data.paymentId,
            month: event.data.month,
            otherCaseId: other.caseId,
            otherTownship: other.township,
            householdsOnAccount: payees.length + 1,
          },
        }));
      payees.push({ caseId: c.caseId, township: c.township, idNumbers, firstPayment: event.eventId });
      state.payees.set(account.accountNumber, payees);
      return step(state, findings);
    },
  };
}
