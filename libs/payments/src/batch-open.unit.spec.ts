import {
  admin,
  approver,
  at,
  auditor,
  BATCH_ID,
  clerk,
  countyReviewer,
  keqiaoReviewer,
  MONTH,
  neighbourClerk,
  OPENED_AT,
  opened,
  openBatch,
  refusal,
  TOWNSHIP,
  when,
} from '../test/batch.fixtures';
import { createBatchDecider } from './batch.decider';
import { batchIdOf, batchStreamId } from './batch.events';
import { createBatchPolicy } from './batch.policy';

describe('a township clerk opens the month’s batch', () => {
  it('records the batch with its township, month, official and instant', () => {
    expect(when([], openBatch())).toEqual([opened]);
  });

  it('names the batch and its stream after the township and month', () => {
    expect(batchIdOf(TOWNSHIP, MONTH)).toBe(BATCH_ID);
    expect(batchStreamId(BATCH_ID)).toBe('batch-330602001-202108');
  });

  it('lets the township approver and the county reviewer open it too', () => {
    expect(when([], openBatch(approver))).toHaveLength(1);
    expect(when([], openBatch(countyReviewer))).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ openedBy: countyReviewer }) }),
    ]);
  });

  it('opens a past month’s batch (a run caught up late)', () => {
    expect(when([], openBatch(clerk, at('2021-10-09')))).toHaveLength(1);
  });
});

describe('a batch already open for the township and month', () => {
  it('refuses a second open (409)', () => {
    expect(refusal([opened], openBatch(approver))).toMatchObject({
      kind: 'conflict',
      code: 'batch-exists',
      details: { batchId: BATCH_ID },
    });
  });
});

describe('a batch opened too early', () => {
  it('is refused before the policy’s lead days, naming the month and the first allowed day (400)', () => {
    expect(refusal([], openBatch(clerk, at('2021-07-21', '23:59')))).toMatchObject({
      kind: 'invalid',
      details: { field: 'month', earliestOpenDate: '2021-07-22', openLeadDays: 10 },
    });
  });

  it('counts days in Shaoxing: 00:30 on 22 July local is 21 July in UTC, and allowed', () => {
    expect(when([], openBatch(clerk, '2021-07-21T16:30:00Z'))).toHaveLength(1);
  });

  it('follows a city’s own lead time', () => {
    const strict = createBatchDecider(createBatchPolicy({ openLeadDays: 0 }));
    const early = openBatch(clerk, OPENED_AT);
    expect(() => strict.decide(early, strict.initialState())).toThrow(/from 2021-08-01/);
    expect(strict.decide(openBatch(clerk, at('2021-08-01', '00:00')), strict.initialState())).toHaveLength(1);
  });
});

describe('someone without the power over the township opens its batch', () => {
  it('refuses staff of another township and a reviewer of another county (403)', () => {
    expect(refusal([], openBatch(neighbourClerk))).toMatchObject({ kind: 'forbidden', code: 'outside-jurisdiction' });
    expect(refusal([], openBatch(keqiaoReviewer))).toMatchObject({ kind: 'forbidden', code: 'outside-jurisdiction' });
  });

  it('refuses an auditor and an admin, who do not make payments (403)', () => {
    expect(refusal([], openBatch(auditor))).toMatchObject({ kind: 'forbidden', code: 'role-not-allowed' });
    expect(refusal([], openBatch(admin))).toMatchObject({ kind: 'forbidden', code: 'role-not-allowed' });
  });
});

describe('an open command whose content breaks a rule', () => {
  const field = (data: Parameters<typeof openBatch>[2], now = OPENED_AT) =>
    refusal([], openBatch(clerk, now, data)).details.field;

  it('names the field at fault (400)', () => {
    expect(field({ townshipCode: '330602' })).toBe('townshipCode');
    expect(field({ month: '2021-8' })).toBe('month');
    expect(field({ month: '2021-13', batchId: '330602001-202113' })).toBe('month');
    expect(field({ batchId: '330602001-2021-08' })).toBe('batchId');
    expect(field({ batchId: '330602002-202108' })).toBe('batchId');
    expect(refusal([], openBatch(clerk, '2021-07-28 09:00'))).toMatchObject({ details: { field: 'metadata.now' } });
  });
});
