import type { Actor, RecordedEvent } from '@app/ledger/envelope';
import type { World } from './case-world';
import { ADMIN, at, staffOf } from './scenarios';

/** The registers rules read besides cases: delegations, standards, officials. */

/** The county grants the township 审核确认 of every programme for 2021–2023. */
export function grantDelegation(world: World, township: string): RecordedEvent {
  const { county } = staffOf(township);
  return world.other(
    `delegation-${township}`,
    'DelegationGranted',
    {
      delegationId: `dlg-${township}`,
      countyCode: township.slice(0, 6),
      townshipCode: township,
      programmes: [
        { programme: 'dibao', spotCheckRatio: 0.3 },
        { programme: 'tekun', spotCheckRatio: 0.3 },
        { programme: 'temporary', maxAmountFen: 500_000, spotCheckRatio: 0 },
      ],
      validFrom: '2021-01-01',
      validTo: '2024-01-01',
      document: `越民〔2021〕${township.slice(-1)}号`,
      grantedBy: county,
      grantedAt: at('2021-01-04'),
    },
    county,
    '2021-01-04T09:00:00+08:00',
  );
}

export function revokeDelegation(world: World, township: string, date: string): RecordedEvent {
  const { county } = staffOf(township);
  const data = { delegationId: `dlg-${township}`, reason: '抽查发现问题，收回审批权', revokedAt: at(date) };
  return world.other(`delegation-${township}`, 'DelegationRevoked', data, county, at(date));
}

/** 低保 850 元 from 2020, 890 元 from 2021; 特困 1602 元 from 2021 (Shaoxing, city-wide). */
export function setStandards(world: World): RecordedEvent[] {
  const set = (programme: string, monthlyFen: number, effectiveFrom: string) =>
    world.other(
      'standard-3306',
      'StandardSet',
      { region: '3306', programme, monthlyFen, effectiveFrom, document: '绍市民〔2020〕1号', setBy: ADMIN.id },
      ADMIN,
      at('2020-01-02'),
    );
  return [set('dibao', 85_000, '2020-01-01'), set('dibao', 89_000, '2021-01-01'), set('tekun-basic', 160_200, '2021-01-01')];
}

export function registerOfficial(world: World, official: Actor): RecordedEvent {
  const data = { officialId: official.id, roles: [official.role], unit: official.unit, personal: { name: '王芳' } };
  return world.other(`official-${official.id}`, 'OfficialRegistered', data, ADMIN, at('2021-01-04'));
}

export function declareRelative(world: World, officialId: string, idNumber: string, date = '2021-01-05'): RecordedEvent {
  const data = { officialId, personal: { idNumber, name: '李四' }, relation: 'spouse' };
  return world.other(`official-${officialId}`, 'NearRelativeDeclared', data, ADMIN, at(date));
}
