import { DomainError } from '@app/ledger/domain';

/**
 * Chinese bank card and account numbers: 12 to 19 digits. Many cards carry a Luhn check digit but
 * passbook and corporate accounts often do not, so Luhn is not required. Spaces between digit
 * groups, as printed on cards, are accepted and removed.
 */
export const BANK_ACCOUNT_MIN_DIGITS = 12;
export const BANK_ACCOUNT_MAX_DIGITS = 19;

export type BankAccountProblem = 'characters' | 'length';

export type BankAccountParse =
  | { readonly valid: true; readonly account: string }
  | { readonly valid: false; readonly reason: BankAccountProblem; readonly message: string };

export function parseBankAccount(value: unknown): BankAccountParse {
  if (typeof value !== 'string' || !/^\d+( \d+)*$/.test(value.trim())) {
    return { valid: false, reason: 'characters', message: 'must contain digits only' };
  }
  const account = value.trim().replace(/ /g, '');
  if (account.length < BANK_ACCOUNT_MIN_DIGITS || account.length > BANK_ACCOUNT_MAX_DIGITS) {
    return {
      valid: false,
      reason: 'length',
      message: `must have ${BANK_ACCOUNT_MIN_DIGITS} to ${BANK_ACCOUNT_MAX_DIGITS} digits, not ${account.length}`,
    };
  }
  return { valid: true, account };
}

/** The account as digits only, or a 400 naming the field. */
export function assertBankAccount(field: string, value: unknown): string {
  const parsed = parseBankAccount(value);
  if (!parsed.valid) {
    throw DomainError.invalid(field, `${field} is not a valid bank account number: ${parsed.message}`, {
      reason: parsed.reason,
    });
  }
  return parsed.account;
}

/** First and last four digits, the rest starred, length kept: '6222********1234'. */
export function maskAccount(account: string): string {
  const digits = account.replace(/ /g, '');
  if (digits.length <= 8) return '*'.repeat(digits.length);
  return `${digits.slice(0, 4)}${'*'.repeat(digits.length - 8)}${digits.slice(-4)}`;
}
