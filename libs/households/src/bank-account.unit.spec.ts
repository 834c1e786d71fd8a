import { assertBankAccount, maskAccount, parseBankAccount } from './bank-account';

describe('a bank account number', () => {
  it('of 12 to 19 digits is valid, Luhn check or not', () => {
    expect(parseBankAccount('6222021234567890123')).toEqual({ valid: true, account: '6222021234567890123' });
    expect(parseBankAccount('622202123456')).toMatchObject({ valid: true });
    // 6222 0212 3456 7891 fails the Luhn check; passbook accounts often have none.
    expect(parseBankAccount('6222021234567891')).toMatchObject({ valid: true });
  });

  it('printed in groups with spaces is stored as digits only', () => {
    expect(assertBankAccount('personal.bankAccount', '6222 0212 3456 7890')).toBe('6222021234567890');
  });

  it('with letters, dashes or other marks is refused for its characters', () => {
    expect(parseBankAccount('6222-0212-3456-7890')).toMatchObject({ valid: false, reason: 'characters' });
    expect(parseBankAccount('62220212345678A')).toMatchObject({ valid: false, reason: 'characters' });
    expect(parseBankAccount(6222021234567890)).toMatchObject({ valid: false, reason: 'characters' });
  });

  it('that is too short or too long is refused for its length, naming the field', () => {
    expect(parseBankAccount('62220212345')).toMatchObject({ valid: false, reason: 'length' });
    expect(() => assertBankAccount('personal.bankAccount', '62220212345678901234')).toThrow(
      expect.objectContaining({ kind: 'invalid', details: { field: 'personal.bankAccount', reason: 'length' } }),
    );
  });
});

describe('masking an account', () => {
  it('keeps the first and last four digits and the length', () => {
    expect(maskAccount('6222021234561234')).toBe('6222********1234');
    expect(maskAccount('622202123456')).toBe('6222****3456');
  });

  it('stars a number too short to show any part of', () => {
    expect(maskAccount('12345678')).toBe('********');
  });
});
