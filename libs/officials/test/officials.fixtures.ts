import { fold } from '@app/ledger/decider';
import type { Actor } from '@app/ledger/envelope';
import type { OfficialsCommand } from '../src/officials.commands';
import { createOfficialsDecider } from '../src/officials.decider';
import type { OfficialsEvent } from '../src/officials.events';

export const decider = createOfficialsDecider();

export const CITY_ADMIN: Actor = { id: 'admin-city', role: 'admin', unit: '3306' };
export const YUECHENG_ADMIN: Actor = { id: 'admin-yuecheng', role: 'admin', unit: '330602' };
export const ZHUJI_ADMIN: Actor = { id: 'admin-zhuji', role: 'admin', unit: '330681' };
/** The official of the stream, acting for themself. */
export const SELF: Actor = { id: 'o-42', role: 'township-approver', unit: '330602001' };

/** A resident ID number with its check character computed from GB 11643's weights. */
export function residentId(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, digit, i) => acc + Number(digit) * weights[i], 0);
  const value = (12 - (sum % 11)) % 11;
  return first17 + (value === 10 ? 'X' : String(value));
}

export const SPOUSE_ID = residentId('33060219700512002');
export const FATHER_ID = residentId('11010519491231002'); // ends in X

type Data<T extends OfficialsCommand['type']> = Extract<OfficialsCommand, { type: T }>['data'];

export function command<T extends OfficialsCommand['type']>(
  type: T,
  data: Partial<Data<T>>,
  actor: Actor,
): OfficialsCommand {
  const defaults = {
    RegisterOfficial: { officialId: 'o-42', roles: ['township-approver'], unit: '330602001', personal: { name: '王芳' } },
    DeclareNearRelative: { officialId: 'o-42', personal: { idNumber: SPOUSE_ID, name: '李强' }, relation: 'spouse' },
    WithdrawNearRelative: { officialId: 'o-42', personal: { idNumber: SPOUSE_ID }, reason: '离婚' },
    DeactivateOfficial: { officialId: 'o-42', reason: '调离' },
  }[type];
  return { type, data: { ...defaults, ...data }, metadata: { now: '2021-03-01T02:00:00.000Z', actor } } as OfficialsCommand;
}

export const registered: OfficialsEvent = {
  type: 'OfficialRegistered',
  data: { officialId: 'o-42', roles: ['township-approver'], unit: '330602001', personal: { name: '王芳' } },
};

export const spouseDeclared: OfficialsEvent = {
  type: 'NearRelativeDeclared',
  data: { officialId: 'o-42', personal: { idNumber: SPOUSE_ID, name: '李强' }, relation: 'spouse' },
};

export const spouseWithdrawn: OfficialsEvent = {
  type: 'NearRelativeWithdrawn',
  data: { officialId: 'o-42', personal: { idNumber: SPOUSE_ID }, reason: '离婚' },
};

export const deactivated: OfficialsEvent = { type: 'OfficialDeactivated', data: { officialId: 'o-42', reason: '调离' } };

export const given = (...events: OfficialsEvent[]) => fold(decider, events);
