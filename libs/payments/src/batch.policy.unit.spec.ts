import { createBatchPolicy, DEFAULT_BATCH_POLICY } from './batch.policy';

describe('the batch policy by default', () => {
  it('opens a batch up to ten days before its month', () => {
    expect(DEFAULT_BATCH_POLICY.openLeadDays).toBe(10);
  });

  it('lets township staff and the county reviewer build the batch, and only approvers and reviewers sign it', () => {
    expect(DEFAULT_BATCH_POLICY.rolesAllowed).toEqual({
      open: ['intake-clerk', 'township-approver', 'county-reviewer'],
      'record-payments': ['intake-clerk', 'township-approver', 'county-reviewer'],
      submit: ['township-approver', 'county-reviewer'],
      'record-settlement': ['intake-clerk', 'township-approver', 'county-reviewer'],
      reconcile: ['intake-clerk', 'township-approver', 'county-reviewer'],
      close: ['township-approver', 'county-reviewer'],
    });
  });

  it('is frozen', () => {
    expect(Object.isFrozen(DEFAULT_BATCH_POLICY)).toBe(true);
    expect(Object.isFrozen(DEFAULT_BATCH_POLICY.rolesAllowed)).toBe(true);
    expect(Object.isFrozen(DEFAULT_BATCH_POLICY.rolesAllowed.submit)).toBe(true);
  });
});

describe('a city overriding the batch policy', () => {
  it('may set its own lead time and roles for a step', () => {
    const policy = createBatchPolicy({ openLeadDays: 0, rolesAllowed: { submit: ['county-reviewer'] } });
    expect(policy.openLeadDays).toBe(0);
    expect(policy.rolesAllowed.submit).toEqual(['county-reviewer']);
    expect(policy.rolesAllowed.close).toEqual(['township-approver', 'county-reviewer']);
  });

  it('may not set a lead time outside 0–31 whole days', () => {
    expect(() => createBatchPolicy({ openLeadDays: -1 })).toThrow(RangeError);
    expect(() => createBatchPolicy({ openLeadDays: 32 })).toThrow(RangeError);
    expect(() => createBatchPolicy({ openLeadDays: 1.5 })).toThrow(RangeError);
  });

  it('may not name an unknown step or role, leave a step to nobody, or let an auditor pay', () => {
    expect(() => createBatchPolicy({ rolesAllowed: { approve: ['admin'] } as never })).toThrow(/unknown step/);
    expect(() => createBatchPolicy({ rolesAllowed: { open: ['cashier'] } })).toThrow(/unknown role/);
    expect(() => createBatchPolicy({ rolesAllowed: { open: [] } })).toThrow(/at least one role/);
    expect(() => createBatchPolicy({ rolesAllowed: { submit: ['auditor'] } })).toThrow(/may not make payments/);
    expect(() => createBatchPolicy({ rolesAllowed: { close: ['discipline-inspector'] } })).toThrow(RangeError);
  });
});
