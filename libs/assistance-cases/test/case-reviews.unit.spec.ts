import { createCasePolicy, isReviewOverdue, reviewDueBy } from '../src';
import { approver, clerk, countyReviewer, given, refusal, when } from './case.fixtures';
import { approvedDibao, approvedTekun, decide, step, then } from './case-management.fixtures';

const classify = (reviewClass: 'stable' | 'irregular-income' | 'working-capable', date = '2021-03-20') =>
  step('ClassifyCase', { reviewClass, reasons: ['家庭成员均无劳动能力，收入来源稳定'] }, date, approver);

describe('periodic review (定期核查) by class', () => {
  const dibao = approvedDibao();

  it('is due half-yearly for a 低保 case not yet classified, counted from the approval month', () => {
    const state = given(dibao);
    expect(reviewDueBy(state)).toBe('2021-09-30');
    expect(isReviewOverdue(state, '2021-09-30')).toBe(false);
    expect(isReviewOverdue(state, '2021-10-01T00:30:00+08:00')).toBe(true);
  });

  it('is due yearly for a stable household, and is overdue the day after', () => {
    const [classified] = when(dibao, classify('stable'));
    expect(classified).toEqual({
      type: 'CaseClassified',
      data: {
        caseId: 'c-1',
        classifiedOn: '2021-03-20',
        reviewClass: 'stable',
        previousClass: null,
        reasons: ['家庭成员均无劳动能力，收入来源稳定'],
        classifiedBy: { officialId: 'approver-1', unit: '330602001' },
        nextReviewDueBy: '2022-03-31',
      },
    });
    const state = given([...dibao, classified]);
    expect(isReviewOverdue(state, '2022-03-31')).toBe(false);
    expect(isReviewOverdue(state, '2022-04-01')).toBe(true);
  });

  it.each(['irregular-income', 'working-capable'] as const)('is due half-yearly for a %s household', (reviewClass) => {
    expect(reviewDueBy(given(then(dibao, classify(reviewClass))))).toBe('2021-09-30');
  });

  it('is due yearly for 特困, which has no class to set', () => {
    const tekun = approvedTekun();
    expect(reviewDueBy(given(tekun))).toBe('2022-03-31');
    expect(refusal(tekun, classify('stable'))).toMatchObject({ kind: 'conflict', code: 'tekun-reviewed-yearly' });
  });

  it('follows the policy’s cadence', () => {
    const policy = createCasePolicy({ reviewIntervalMonths: { unclassified: 3 } });
    expect(reviewDueBy(given(dibao), policy)).toBe('2021-06-30');
  });

  it('brings the next review forward when a stable household is reclassified as working-capable', () => {
    const stable = then(dibao, classify('stable'));
    expect(reviewDueBy(given(then(stable, classify('working-capable', '2021-05-01'))))).toBe('2021-09-30');
    expect(refusal(stable, classify('stable', '2021-05-01'))).toMatchObject({ code: 'class-unchanged' });
  });

  it('is classified by a decider only', () => {
    const by = (actor: typeof clerk) =>
      step('ClassifyCase', { reviewClass: 'stable', reasons: ['x'] }, '2021-03-20', actor);
    expect(refusal(dibao, by(clerk))).toMatchObject({ kind: 'forbidden', code: 'role-not-allowed' });
    expect(when(dibao, by(countyReviewer))).toHaveLength(1);
  });
});

describe('recording a review', () => {
  const stable = then(approvedDibao(), classify('working-capable'));
  const review = (reviewedOn: string, date = reviewedOn) =>
    step('RecordReview', { reviewedOn, outcome: 'unchanged', findings: '入户核查，家庭情况无变化', visitId: 'rv-1' }, date);

  it('records the due date it answered and fixes the next one from the review date', () => {
    expect(when(stable, review('2021-09-20'))).toEqual([
      {
        type: 'ReviewRecorded',
        data: {
          caseId: 'c-1',
          reviewedOn: '2021-09-20',
          recordedOn: '2021-09-20',
          cadence: 'working-capable',
          outcome: 'unchanged',
          findings: '入户核查，家庭情况无变化',
          visitId: 'rv-1',
          dueBy: '2021-09-30',
          late: false,
          nextDueBy: '2022-03-31',
        },
      },
    ]);
  });

  it('shows a late review as late, and counts the next one from when it was done', () => {
    const late = then(stable, review('2021-10-15'));
    expect(late.at(-1)?.data).toMatchObject({ late: true, nextDueBy: '2022-04-30' });
    expect(isReviewOverdue(given(late), '2022-04-30')).toBe(false);
  });

  it('is refused for a date in the future or before the approval', () => {
    expect(refusal(stable, review('2021-09-21', '2021-09-20')).details).toMatchObject({ field: 'reviewedOn' });
    expect(refusal(stable, review('2021-03-01', '2021-09-20')).details).toMatchObject({ field: 'reviewedOn' });
  });

  it('ends with the case: a terminated case has no review due', () => {
    const terminated = then(
      stable,
      decide('TerminateCase', { ground: 'voluntary-exit', reasons: ['申请人自愿退出'] }, '2021-06-10'),
    );
    expect(reviewDueBy(given(terminated))).toBeNull();
    expect(refusal(terminated, review('2021-06-11'))).toMatchObject({ code: 'wrong-status' });
  });
});
