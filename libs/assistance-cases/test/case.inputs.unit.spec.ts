import { createDelegationDecider, DEFAULT_DELEGATION_POLICY, explainDelegation } from '@app/delegation';
import { fold } from '@app/ledger/decider';
import { createStandardsDecider, SHAOXING_2020_STANDARDS, standardInForce } from '@app/standards';
import type { CaseApproved } from '../src';
import {
  approver,
  at,
  command,
  countyReviewer,
  inPublicity,
  NOVEMBER_2020,
  refusal,
  TOWNSHIP,
  when,
} from './case.fixtures';

/**
 * The case decider takes what other contexts know as the API finds it: the delegation context's
 * explainDelegation and the standards context's standardInForce, passed on unchanged.
 */
const standards = (() => {
  const decider = createStandardsDecider();
  const admin = { id: 'admin-1', role: 'admin', unit: '3306' };
  let state = decider.initialState();
  for (const data of SHAOXING_2020_STANDARDS) {
    for (const event of decider.decide(
      { type: 'SetStandard', data, metadata: { now: at('2019-12-01'), actor: admin } },
      state,
    )) {
      state = decider.evolve(state, event);
    }
  }
  return state;
})();

const delegations = (() => {
  const decider = createDelegationDecider(DEFAULT_DELEGATION_POLICY);
  const events = decider.decide(
    {
      type: 'GrantDelegation',
      data: {
        townshipCode: TOWNSHIP,
        delegationId: 'dlg-2020-7',
        programmes: [{ programme: 'dibao' }],
        validFrom: '2020-12-01',
        validTo: '2021-01-01',
        document: '越民〔2020〕7号',
      },
      metadata: { now: at('2020-11-20'), actor: countyReviewer },
    },
    decider.initialState(),
  );
  return fold(decider, events);
})();

describe('a decision with the answers of the standards and delegation contexts', () => {
  const history = inPublicity(NOVEMBER_2020);
  const approveAt = (date: string) => {
    const now = at(date);
    const standard = standardInForce(standards, 'dibao', date.slice(0, 7));
    if (!standard) throw new Error(`no standard for ${date}`);
    const delegation = explainDelegation(delegations, now, 'dibao');
    return command('ApproveCase', { caseId: 'c-1', delegation, standard }, approver, now);
  };

  it('approves in December 2020 under the delegation in force, at the 850 元 standard', () => {
    const [approved] = when(history, approveAt('2020-12-31')) as [CaseApproved];
    expect(approved.data).toMatchObject({
      delegationId: 'dlg-2020-7',
      award: {
        monthlyAmountFen: 165_000,
        payableFrom: '2021-01',
        standard: { monthlyFen: 85_000, effectiveFrom: '2020-01-01', standardRef: { id: '3306/dibao/2020-01-01' } },
      },
    });
  });

  it('refuses the township in January 2021, its delegation having expired', () => {
    expect(refusal(history, approveAt('2021-01-04'))).toMatchObject({
      kind: 'forbidden',
      code: 'delegation-not-in-force',
      details: { reason: 'expired', delegationId: 'dlg-2020-7' },
    });
  });
});
