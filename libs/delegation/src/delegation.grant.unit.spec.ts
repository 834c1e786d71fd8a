import {
  cityAdmin,
  GRANTED_AT,
  grant,
  granted,
  KEQIAO_TOWNSHIP,
  keqiaoReviewer,
  refusal,
  revoked,
  TOWNSHIP,
  townshipApprover,
  when,
  yuechengReviewer,
} from '../test/delegation.fixtures';
import { createDelegationDecider } from './delegation.decider';
import { createDelegationPolicy } from './delegation.policy';

describe('the county of a township grants it the power to confirm', () => {
  it('records the grant with its programmes, validity, document, grantor and instant', () => {
    const command = grant({
      programmes: [{ programme: 'dibao' }, { programme: 'temporary', maxAmountFen: 300_000 }],
    });
    expect(when([], command)).toEqual([
      {
        type: 'DelegationGranted',
        data: {
          delegationId: 'dlg-1',
          countyCode: '330602',
          townshipCode: TOWNSHIP,
          programmes: [
            { programme: 'dibao', spotCheckRatio: 0.3 },
            { programme: 'temporary', maxAmountFen: 300_000, spotCheckRatio: 0 },
          ],
          validFrom: '2021-07-01',
          validTo: '2022-07-01',
          document: '越民〔2021〕12号',
          grantedBy: yuechengReviewer,
          grantedAt: GRANTED_AT,
        },
      },
    ]);
  });

  it('lets a city unit above the county grant as well', () => {
    expect(when([], grant({}, GRANTED_AT, cityAdmin))).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ countyCode: '330602', grantedBy: cityAdmin }) }),
    ]);
  });

  it('takes a higher spot-check ratio than the policy asks, and the policy’s own ratios', () => {
    const strict = createDelegationDecider(createDelegationPolicy({ countySpotCheckRatio: { dibao: 0.5 } }));
    const command = grant({ programmes: [{ programme: 'dibao' }, { programme: 'tekun', spotCheckRatio: 0.6 }] });
    const [event] = strict.decide(command, strict.initialState());
    expect(event.data).toMatchObject({
      programmes: [
        { programme: 'dibao', spotCheckRatio: 0.5 },
        { programme: 'tekun', spotCheckRatio: 0.6 },
      ],
    });
  });

  it('lets a validity start on the day the grant is recorded (local date)', () => {
    // 23:30 on 30 June in Shaoxing is still 30 June, though it is 15:30 UTC.
    expect(when([], grant({ validFrom: '2021-06-30' }, '2021-06-30T15:30:00.000Z'))).toHaveLength(1);
  });
});

describe('someone without the county’s power tries to grant', () => {
  it('refuses a reviewer of another county (403)', () => {
    expect(refusal([], grant({ townshipCode: KEQIAO_TOWNSHIP }))).toMatchObject({
      kind: 'forbidden',
      code: 'outside-jurisdiction',
    });
    expect(refusal([], grant({}, GRANTED_AT, keqiaoReviewer))).toMatchObject({ kind: 'forbidden' });
  });

  it('refuses a township approver (403)', () => {
    expect(refusal([], grant({}, GRANTED_AT, townshipApprover))).toMatchObject({
      kind: 'forbidden',
      code: 'role-not-allowed',
    });
  });

  it('refuses an admin whose unit is a township (403)', () => {
    const townshipAdmin = { id: 'official-t-2', role: 'admin', unit: TOWNSHIP };
    expect(refusal([], grant({}, GRANTED_AT, townshipAdmin))).toMatchObject({
      kind: 'forbidden',
      code: 'not-county-level',
    });
  });
});

describe('a grant whose content breaks a rule', () => {
  const field = (data: Parameters<typeof grant>[0], now?: string) => {
    const error = refusal([], grant(data, now));
    expect(error.kind).toBe('invalid');
    return error.details.field;
  };

  it('names the field at fault (400)', () => {
    expect(field({ townshipCode: '330602' })).toBe('townshipCode');
    expect(field({ delegationId: ' ' })).toBe('delegationId');
    expect(field({ programmes: [] })).toBe('programmes');
    expect(field({ programmes: [{ programme: 'wubao' as 'dibao' }] })).toBe('programmes[0].programme');
    expect(field({ programmes: [{ programme: 'dibao' }, { programme: 'dibao' }] })).toBe('programmes[1].programme');
    expect(field({ document: '  ' })).toBe('document');
  });

  it('needs a positive cap for temporary assistance and no cap for the others', () => {
    expect(field({ programmes: [{ programme: 'temporary' }] })).toBe('programmes[0].maxAmountFen');
    expect(field({ programmes: [{ programme: 'temporary', maxAmountFen: 0 }] })).toBe('programmes[0].maxAmountFen');
    expect(field({ programmes: [{ programme: 'temporary', maxAmountFen: 10.5 }] })).toBe('programmes[0].maxAmountFen');
    expect(field({ programmes: [{ programme: 'tekun', maxAmountFen: 100 }] })).toBe('programmes[0].maxAmountFen');
  });

  it('refuses a spot-check ratio below the policy’s (特困 ≥ 30%) or above 1', () => {
    expect(field({ programmes: [{ programme: 'tekun', spotCheckRatio: 0.2 }] })).toBe('programmes[0].spotCheckRatio');
    expect(field({ programmes: [{ programme: 'dibao', spotCheckRatio: 1.5 }] })).toBe('programmes[0].spotCheckRatio');
  });

  it('needs real dates, validFrom before validTo, and no start before the day of recording', () => {
    expect(field({ validFrom: '2021-02-30' })).toBe('validFrom');
    expect(field({ validTo: '2022-7-1' })).toBe('validTo');
    expect(field({ validFrom: '2021-07-01', validTo: '2021-07-01' })).toBe('validTo');
    expect(field({ validFrom: '2021-08-01', validTo: '2021-07-01' })).toBe('validTo');
    expect(field({ validFrom: '2021-06-29' })).toBe('validFrom');
  });

  it('refuses a command sent to another township’s register', () => {
    expect(refusal([granted()], grant({ delegationId: 'dlg-2', townshipCode: '330602002' }))).toMatchObject({
      kind: 'invalid',
      details: { field: 'townshipCode' },
    });
  });
});

describe('a township already holds a delegation', () => {
  it('refuses a grant overlapping it for the same programme, naming it (409)', () => {
    const overlapping = grant({ delegationId: 'dlg-2', validFrom: '2022-01-01', validTo: '2023-01-01' });
    expect(refusal([granted()], overlapping)).toMatchObject({
      kind: 'conflict',
      code: 'delegation-overlap',
      details: { delegationId: 'dlg-1', programme: 'dibao' },
    });
    expect(refusal([granted()], overlapping).message).toContain('dlg-1');
  });

  it('accepts another programme over the same period, and the next period from the day the first ends', () => {
    expect(when([granted()], grant({ delegationId: 'dlg-2', programmes: [{ programme: 'tekun' }] }))).toHaveLength(1);
    const next = grant({ delegationId: 'dlg-2', validFrom: '2022-07-01', validTo: '2023-07-01' });
    expect(when([granted()], next)).toHaveLength(1);
  });

  it('accepts an overlapping grant once the first was revoked', () => {
    const later = '2021-09-01T02:00:00.000Z';
    const replacement = grant({ delegationId: 'dlg-2', validFrom: '2021-09-01' }, later);
    expect(when([granted(), revoked('2021-09-01T01:00:00.000Z')], replacement)).toHaveLength(1);
  });

  it('refuses a delegation id already used (409)', () => {
    expect(refusal([granted()], grant({ programmes: [{ programme: 'tekun' }] }))).toMatchObject({
      kind: 'conflict',
      code: 'delegation-exists',
    });
  });
});
