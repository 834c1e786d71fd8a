import { fold } from '@app/ledger/decider';
import { DomainError } from '@app/ledger/domain';
import type { RecordCaseHistoryRead } from './access-log.commands';
import { createAccessLogDecider } from './access-log.decider';
import { accessStreamId } from './access-log.events';
import { daysBetween, MAX_ACCESS_DAYS, readsOfCase } from './access-log.queries';

const decider = createAccessLogDecider();
const inspector = { id: 'inspector-1', role: 'discipline-inspector', unit: '3306' };

function record(data: Partial<RecordCaseHistoryRead['data']> = {}): RecordCaseHistoryRead {
  return {
    type: 'RecordCaseHistoryRead',
    data: { caseId: 'case-a', purpose: '专项治理抽查', asOf: '12', ...data },
    metadata: { now: '2021-03-09T17:30:00.000Z', actor: inspector },
  };
}

describe('a read of a case history', () => {
  it('is recorded with the reader, role, unit, purpose, point read and time of the read', () => {
    expect(decider.decide(record(), decider.initialState())).toEqual([
      {
        type: 'CaseHistoryRead',
        data: {
          caseId: 'case-a',
          readerId: 'inspector-1',
          role: 'discipline-inspector',
          unit: '3306',
          purpose: '专项治理抽查',
          asOf: '12',
          readAt: '2021-03-09T17:30:00.000Z',
        },
      },
    ]);
  });

  it('is recorded on a day that already has reads, without a purpose when none was stated', () => {
    const given = fold(decider, decider.decide(record(), decider.initialState()));
    expect(given).toEqual({ reads: 1 });
    const [event] = decider.decide(record({ purpose: null, asOf: null }), given);
    expect(event.data).toMatchObject({ purpose: null, asOf: null });
  });

  it('refuses a blank or overlong purpose, naming the field', () => {
    for (const purpose of ['  ', 'x'.repeat(201)]) {
      const refusal = (): unknown => {
        try {
          decider.decide(record({ purpose }), decider.initialState());
        } catch (error) {
          return error;
        }
        return undefined;
      };
      expect(refusal()).toBeInstanceOf(DomainError);
      expect(refusal()).toMatchObject({ kind: 'invalid', details: { field: 'purpose' } });
    }
  });
});

describe('the access log of a range of days', () => {
  it('lives in one stream per China date', () => {
    expect(accessStreamId('2021-03-10')).toBe('access-20210310');
  });

  it('covers every day of the range, month ends included', () => {
    expect(daysBetween('2021-02-27', '2021-03-02')).toEqual(['2021-02-27', '2021-02-28', '2021-03-01', '2021-03-02']);
    expect(daysBetween('2021-03-01', '2021-03-01')).toEqual(['2021-03-01']);
  });

  it(`refuses a backward range, one longer than ${MAX_ACCESS_DAYS} days and a bound that is no date`, () => {
    expect(() => daysBetween('2021-03-02', '2021-03-01')).toThrow(/before/);
    expect(() => daysBetween('2021-01-01', '2021-04-03')).toThrow(/at most 92/);
    expect(daysBetween('2021-01-01', '2021-04-02')).toHaveLength(92);
    expect(() => daysBetween('2021-3-1', '2021-03-02')).toThrow(/^from/);
  });

  it("keeps only the reads of the case asked about", () => {
    const a = decider.decide(record(), decider.initialState())[0];
    const b = decider.decide(record({ caseId: 'case-b' }), decider.initialState())[0];
    expect(readsOfCase([a, b, a], 'case-a')).toEqual([a, a]);
  });
});
