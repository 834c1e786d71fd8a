import { DomainError } from '@app/ledger/domain';
import { planBatchRun } from './batch-run.plan';

const cases = [
  { caseId: 'c-002', townshipCode: '330602001' },
  { caseId: 'c-001', townshipCode: '330602001' },
  { caseId: 'c-101', townshipCode: '330603101' },
];

describe('the plan of a monthly run', () => {
  it('schedules each case’s assistance and price subsidy with ids made of case, month and kind', () => {
    expect(planBatchRun([cases[1]], '2021-08')).toEqual([
      {
        type: 'SchedulePayment',
        commandId: 'schedule-c-001-2021-08-assistance',
        data: {
          caseId: 'c-001',
          paymentId: 'pay-c-001-2021-08-assistance',
          batchId: '330602001-202108',
          month: '2021-08',
          kind: 'assistance',
        },
      },
      {
        type: 'SchedulePayment',
        commandId: 'schedule-c-001-2021-08-price-subsidy',
        data: {
          caseId: 'c-001',
          paymentId: 'pay-c-001-2021-08-price-subsidy',
          batchId: '330602001-202108',
          month: '2021-08',
          kind: 'price-subsidy',
        },
      },
    ]);
  });

  it('is the same for two runs, whatever order the cases come in', () => {
    const first = planBatchRun(cases, '2021-08');
    expect(planBatchRun([...cases].reverse(), '2021-08')).toEqual(first);
    expect(first.map((c) => c.commandId)).toEqual([
      'schedule-c-001-2021-08-assistance',
      'schedule-c-001-2021-08-price-subsidy',
      'schedule-c-002-2021-08-assistance',
      'schedule-c-002-2021-08-price-subsidy',
      'schedule-c-101-2021-08-assistance',
      'schedule-c-101-2021-08-price-subsidy',
    ]);
  });

  it('puts each case in its own township’s batch', () => {
    const batches = new Set(planBatchRun(cases, '2021-08').map((c) => c.data.batchId));
    expect([...batches]).toEqual(['330602001-202108', '330603101-202108']);
  });

  it('gives another month other ids', () => {
    const ids = planBatchRun([cases[0]], '2021-09').map((c) => c.data.paymentId);
    expect(ids).toEqual(['pay-c-002-2021-09-assistance', 'pay-c-002-2021-09-price-subsidy']);
  });

  it('plans a case listed twice once, and only the kinds asked for', () => {
    const plan = planBatchRun([cases[0], cases[0]], '2021-08', ['assistance']);
    expect(plan.map((c) => c.commandId)).toEqual(['schedule-c-002-2021-08-assistance']);
    expect(planBatchRun([], '2021-08')).toEqual([]);
  });
});

describe('a plan asked for with bad input', () => {
  const field = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      if (error instanceof DomainError) return error.details.field;
      throw error;
    }
    throw new Error('expected the plan to be refused');
  };

  it('names the field at fault (400)', () => {
    expect(field(() => planBatchRun(cases, '202108'))).toBe('month');
    expect(field(() => planBatchRun(cases, '2021-08', ['bonus' as never]))).toBe('kinds[0]');
    expect(field(() => planBatchRun([{ caseId: '', townshipCode: '330602001' }], '2021-08'))).toBe('cases[0].caseId');
    expect(field(() => planBatchRun([{ caseId: 'c-1', townshipCode: '330602' }], '2021-08'))).toBe(
      'cases[0].townshipCode',
    );
  });

  it('refuses a case listed in two townships', () => {
    const twice = [cases[0], { caseId: 'c-002', townshipCode: '330602002' }];
    expect(field(() => planBatchRun(twice, '2021-08'))).toBe('cases[1].townshipCode');
  });
});
