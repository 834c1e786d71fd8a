import {
  approver,
  CLOSED_AT,
  decider,
  failed,
  opened,
  P1,
  P1_TO_P3,
  P2,
  paid,
  paymentsRecorded,
  R1,
  reconciled,
  SETTLED_AT,
  settlementRecorded,
  stateOf,
  submitted,
  SUBMITTED,
  SUBMITTED_AT,
  TOWNSHIP,
} from '../test/batch.fixtures';
import { BATCH_EVENT_TYPES, type BatchEvent, type BatchEventType } from './batch.events';
import type { BatchState } from './batch.state';

type Check = {
  [K in BatchEventType]: {
    readonly given: readonly BatchEvent[];
    readonly event: Extract<BatchEvent, { type: K }>;
    readonly then: (after: BatchState, before: BatchState) => void;
  };
};

const withDifferences = reconciled({ differenceFen: 1_000, result: 'reconciled-with-differences' });

/** What each event type does to the state; a type missing here fails to compile. */
const checks: Check = {
  BatchOpened: {
    given: [],
    event: opened,
    then: (s) =>
      expect(s).toEqual({
        status: 'open',
        batchId: '330602001-202108',
        townshipCode: TOWNSHIP,
        month: '2021-08',
        openedBy: opened.data.openedBy,
        openedAt: opened.data.openedAt,
        payments: [],
        refusals: [],
        reconciliations: [],
      }),
  },
  BatchPaymentsRecorded: {
    given: [opened, paymentsRecorded([P1])],
    event: paymentsRecorded([P2], [R1]),
    then: (s, before) => {
      expect(s.payments).toEqual([P1, P2]);
      expect(s.refusals).toEqual([R1]);
      expect(s.status).toBe(before.status);
    },
  },
  BatchSubmitted: {
    given: [opened, paymentsRecorded(P1_TO_P3)],
    event: submitted,
    then: (s) =>
      expect(s).toMatchObject({
        status: 'submitted',
        submission: {
          bankFileRef: 'ICBC-SX-20210728-001',
          count: 3,
          totalFen: 214_340,
          submittedBy: approver,
          submittedAt: SUBMITTED_AT,
        },
      }),
  },
  BankSettlementRecorded: {
    given: SUBMITTED,
    event: settlementRecorded([paid(P1), failed(P2)]),
    then: (s) => {
      expect(s.status).toBe('submitted');
      expect(s.payments.map((p) => p.settlement)).toEqual([
        { outcome: 'paid', bankReference: `B-${P1.paymentId}`, recordedAt: SETTLED_AT },
        { outcome: 'failed', bankReference: `B-${P2.paymentId}`, reason: '账户已销户', recordedAt: SETTLED_AT },
        undefined,
      ]);
    },
  },
  BatchReconciled: {
    given: [...SUBMITTED, settlementRecorded(P1_TO_P3.map((p) => paid(p)))],
    event: withDifferences,
    then: (s) => {
      expect(s.status).toBe('reconciled-with-differences');
      expect(s.reconciliations).toEqual([withDifferences.data]);
    },
  },
  BatchClosed: {
    given: [...SUBMITTED, settlementRecorded(P1_TO_P3.map((p) => paid(p))), reconciled()],
    event: {
      type: 'BatchClosed',
      data: { batchId: '330602001-202108', result: 'reconciled', closedBy: approver, closedAt: CLOSED_AT },
    },
    then: (s, before) => {
      expect(s.status).toBe('closed');
      expect(s.closure).toEqual({ result: 'reconciled', closedBy: approver, closedAt: CLOSED_AT });
      expect(s.reconciliations).toEqual(before.reconciliations);
    },
  },
};

describe('evolve', () => {
  it.each(BATCH_EVENT_TYPES.map((type) => [type]))('folds %s into the state', (type) => {
    const { given, event, then } = checks[type] as Check[BatchEventType];
    const before = stateOf(given);
    const after = stateOf([...given, event]);
    then(after, before);
  });

  it('knows every event type once', () => {
    expect(new Set(BATCH_EVENT_TYPES).size).toBe(Object.keys(checks).length);
  });

  it('leaves the state it was given untouched', () => {
    const before = stateOf(SUBMITTED);
    const copy = structuredClone(before);
    const after = decider.evolve(before, settlementRecorded([paid(P1)]));
    expect(before).toEqual(copy);
    expect(after.payments[0].settlement).toBeDefined();
  });
});
