import { DomainError } from '@app/ledger/domain';
import { type IsoDate, isIsoDate } from '@app/calendar';

/**
 * The 18-character citizen identification number of GB 11643-1999: a 6-digit address code
 * (GB/T 2260), the birth date YYYYMMDD, a 3-digit sequence (odd for men, even for women) and an
 * ISO 7064 MOD 11-2 check character ('X' stands for 10).
 */
export type ResidentIdProblem = 'length' | 'characters' | 'region' | 'birth-date' | 'check-digit';

export type ResidentIdParse =
  | {
      readonly valid: true;
      /** The number as it should be stored: a lower-case 'x' becomes 'X'. */
      readonly idNumber: string;
      readonly regionCode: string;
      readonly birthDate: IsoDate;
      readonly sex: 'male' | 'female';
    }
  | { readonly valid: false; readonly reason: ResidentIdProblem; readonly message: string };

export interface ResidentIdOptions {
  /** A birth date after this day is refused (pass the date of the command's `now`). */
  readonly asOf?: IsoDate;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';
/** Provinces of GB/T 2260, plus 81/82/83 used on residence permits of Hong Kong, Macao and Taiwan residents. */
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);
const EARLIEST_BIRTH_YEAR = 1900;

/** The check character for the first 17 digits. */
export function residentIdCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('a check character needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARACTERS[sum % 11];
}

export function parseResidentId(value: unknown, options: ResidentIdOptions = {}): ResidentIdParse {
  if (typeof value !== 'string') return refuse('characters', 'must be a string of 18 characters');
  if (value.length !== 18) return refuse('length', `must have 18 characters, not ${value.length}`);
  const idNumber = value.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(idNumber)) {
    return refuse('characters', 'must be 17 digits followed by a digit or X');
  }
  const regionCode = idNumber.slice(0, 6);
  if (!PROVINCES.has(regionCode.slice(0, 2))) {
    return refuse('region', `starts with ${regionCode}, which is not an address code of a province`);
  }
  const digits = idNumber.slice(6, 14);
  const birthDate = `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
  if (!isIsoDate(birthDate) || Number(digits.slice(0, 4)) < EARLIEST_BIRTH_YEAR) {
    return refuse('birth-date', `characters 7–14 (${digits}) are not a valid birth date`);
  }
  if (options.asOf !== undefined && birthDate > options.asOf) {
    return refuse('birth-date', `the birth date ${birthDate} is after ${options.asOf}`);
  }
  const expected = residentIdCheckCharacter(idNumber.slice(0, 17));
  if (idNumber[17] !== expected) {
    return refuse('check-digit', `check character is ${idNumber[17]} but the first 17 digits give ${expected}`);
  }
  const sex = Number(idNumber[16]) % 2 === 1 ? 'male' : 'female';
  return { valid: true, idNumber, regionCode, birthDate, sex };
}

/** The normalised number, or a 400 naming the field with the precise reason. */
export function assertResidentId(field: string, value: unknown, options: ResidentIdOptions = {}): string {
  const parsed = parseResidentId(value, options);
  if (!parsed.valid) {
    throw DomainError.invalid(field, `${field} is not a valid resident ID number: ${parsed.message}`, {
      reason: parsed.reason,
    });
  }
  return parsed.idNumber;
}

/**
 * Full years of age (周岁) on a date. The age is reached on the birthday; someone born on 29 February
 * reaches it on 28 February in a common year (民法典 Art. 202: no corresponding day → month end).
 */
export function ageOnBirthDate(birthDate: IsoDate, date: IsoDate): number {
  if (!isIsoDate(birthDate) || !isIsoDate(date)) throw new RangeError('ageOn needs two YYYY-MM-DD dates');
  if (date < birthDate) throw new RangeError(`${date} is before the birth date ${birthDate}`);
  let age = Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4));
  let birthday = birthDate.slice(5);
  if (birthday === '02-29' && !isIsoDate(`${date.slice(0, 4)}-02-29`)) birthday = '02-28';
  if (date.slice(5) < birthday) age--;
  return age;
}

/** Age on a date from a resident ID number; throws RangeError if the number is not valid. */
export function ageOn(idNumber: string, date: IsoDate): number {
  const parsed = parseResidentId(idNumber);
  if (!parsed.valid) throw new RangeError(`not a valid resident ID number: ${parsed.message}`);
  return ageOnBirthDate(parsed.birthDate, date);
}

function refuse(reason: ResidentIdProblem, message: string): ResidentIdParse {
  return { valid: false, reason, message };
}
