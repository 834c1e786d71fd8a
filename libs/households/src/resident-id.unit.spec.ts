import { DomainError } from '@app/ledger/domain';
import { ageOn, ageOnBirthDate, assertResidentId, parseResidentId, residentIdCheckCharacter } from './resident-id';

/** Computed here from the standard's formula, independently of the code under test. */
function withCheck(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, digit, i) => acc + Number(digit) * weights[i], 0);
  const value = (12 - (sum % 11)) % 11;
  return first17 + (value === 10 ? 'X' : String(value));
}

const BEIJING_1949 = withCheck('11010519491231002'); // the standard's own example: ends in X
const SHAOXING_MAN = withCheck('33060219600315123');
const SHAOXING_WOMAN = withCheck('33068119880229004');

describe('a well-formed resident ID number', () => {
  it('is valid, with its region, birth date and sex', () => {
    expect(BEIJING_1949).toBe('11010519491231002X');
    expect(parseResidentId(BEIJING_1949)).toEqual({
      valid: true,
      idNumber: '11010519491231002X',
      regionCode: '110105',
      birthDate: '1949-12-31',
      sex: 'female',
    });
    expect(parseResidentId(SHAOXING_MAN)).toMatchObject({ valid: true, birthDate: '1960-03-15', sex: 'male' });
  });

  it('is accepted with a lower-case x and stored with an upper-case X', () => {
    expect(assertResidentId('idNumber', '11010519491231002x')).toBe('11010519491231002X');
  });

  it('agrees with the exported check-character function', () => {
    expect(residentIdCheckCharacter('33060219600315123')).toBe(SHAOXING_MAN[17]);
  });
});

describe('a malformed resident ID number', () => {
  const problem = (value: unknown, asOf?: string) => {
    const parsed = parseResidentId(value, { asOf });
    return parsed.valid ? 'valid' : parsed.reason;
  };

  it('is refused for its length', () => {
    expect(problem('11010519491231002')).toBe('length');
    expect(problem(`${BEIJING_1949}0`)).toBe('length');
  });

  it('is refused for its characters', () => {
    expect(problem('1101051949123100XX')).toBe('characters');
    expect(problem('11010519491231 02X')).toBe('characters');
    expect(problem(110105194912310020)).toBe('characters');
  });

  it('is refused for a region code of no province', () => {
    expect(problem(withCheck('99010519491231002'))).toBe('region');
  });

  it('is refused for an impossible or future birth date', () => {
    expect(problem(withCheck('33060219610229123'))).toBe('birth-date');
    expect(problem(withCheck('33060219601315123'))).toBe('birth-date');
    expect(problem(withCheck('33060218991231123'))).toBe('birth-date');
    expect(problem(withCheck('33060220210315123'), '2021-03-01')).toBe('birth-date');
    expect(problem(withCheck('33060220210315123'), '2021-03-15')).toBe('valid');
  });

  it('is refused for a wrong check digit', () => {
    expect(problem('110105194912310021')).toBe('check-digit');
  });
});

describe('asserting a resident ID number', () => {
  it('throws a 400 that names the field and the reason', () => {
    const attempt = () => assertResidentId('personal.idNumber', '110105194912310021');
    expect(attempt).toThrow(DomainError);
    expect(attempt).toThrow(/personal\.idNumber .*check character is 1 but the first 17 digits give X/);
    expect(attempt).toThrow(
      expect.objectContaining({ kind: 'invalid', details: { field: 'personal.idNumber', reason: 'check-digit' } }),
    );
  });
});

describe('age on a date', () => {
  it('turns 60 on the 60th birthday, not the day before', () => {
    expect(ageOn(SHAOXING_MAN, '2020-03-14')).toBe(59);
    expect(ageOn(SHAOXING_MAN, '2020-03-15')).toBe(60);
  });

  it('for someone born on 29 February, counts 28 February in a common year', () => {
    expect(ageOn(SHAOXING_WOMAN, '2006-02-27')).toBe(17);
    expect(ageOn(SHAOXING_WOMAN, '2006-02-28')).toBe(18);
    expect(ageOn(SHAOXING_WOMAN, '2008-02-28')).toBe(19);
    expect(ageOn(SHAOXING_WOMAN, '2008-02-29')).toBe(20);
  });

  it('refuses an invalid number and a date before birth', () => {
    expect(() => ageOn('110105194912310021', '2020-01-01')).toThrow(RangeError);
    expect(() => ageOnBirthDate('2000-05-01', '1999-01-01')).toThrow(RangeError);
  });
});
