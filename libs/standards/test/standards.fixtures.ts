import { fold } from '@app/ledger/decider';
import type { Actor } from '@app/ledger/envelope';
import type { SetStandard, SetStandardData } from '../src/standards.commands';
import { createStandardsDecider } from '../src/standards.decider';
import type { Programme, StandardSet } from '../src/standards.events';

export const decider = createStandardsDecider();
export const CITY_ADMIN: Actor = { id: 'official-admin', role: 'admin', unit: '3306' };

export function setStandard(data: Partial<SetStandardData>, actor: Actor = CITY_ADMIN): SetStandard {
  return {
    type: 'SetStandard',
    data: { region: '3306', programme: 'dibao', monthlyFen: 85_000, effectiveFrom: '2020-01-01', ...data },
    metadata: { now: '2020-12-01T02:00:00.000Z', actor },
  };
}

export function standardSet(programme: Programme, monthlyFen: number, effectiveFrom: string): StandardSet {
  return { type: 'StandardSet', data: { region: '3306', programme, monthlyFen, effectiveFrom, setBy: 'official-admin' } };
}

export const given = (...events: StandardSet[]) => fold(decider, events);
