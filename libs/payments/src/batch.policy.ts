import { isRole, type Role } from '@app/platform/roles';

/** The steps of a batch, each with the roles that may take it. */
export const BATCH_STEPS = ['open', 'record-payments', 'submit', 'record-settlement', 'reconcile', 'close'] as const;
export type BatchStep = (typeof BATCH_STEPS)[number];

/**
 * The numbers and permissions of payment batches that are local practice rather than code. The
 * actor's unit must in every case cover the batch's township (jurisdiction is not configurable).
 * Price-subsidy settings are not here: whether and how much is paid is decided in the case.
 */
export interface BatchPolicy {
  /** How many days before the first day of its month a batch may be opened (local dates). */
  readonly openLeadDays: number;
  readonly rolesAllowed: Readonly<Record<BatchStep, readonly Role[]>>;
}

export interface BatchPolicyOverrides {
  readonly openLeadDays?: number;
  readonly rolesAllowed?: Partial<Record<BatchStep, readonly string[]>>;
}

const TOWNSHIP_STAFF_OR_COUNTY: readonly Role[] = ['intake-clerk', 'township-approver', 'county-reviewer'];
const SIGNING: readonly Role[] = ['township-approver', 'county-reviewer'];

const DEFAULT_ROLES: Readonly<Record<BatchStep, readonly Role[]>> = {
  open: TOWNSHIP_STAFF_OR_COUNTY,
  // The runner records what it scheduled on behalf of whoever started the run.
  'record-payments': TOWNSHIP_STAFF_OR_COUNTY,
  // Sending money to the bank and closing the month are sign-offs, not clerical entries.
  submit: SIGNING,
  'record-settlement': TOWNSHIP_STAFF_OR_COUNTY,
  reconcile: TOWNSHIP_STAFF_OR_COUNTY,
  close: SIGNING,
};

/** Those who inspect and audit payments never make them, whatever the local configuration. */
const NEVER_ALLOWED: readonly Role[] = ['auditor', 'discipline-inspector'];

/** Local setting: no rule fixes it; a week and a half leaves time to prepare the bank file. */
const DEFAULT_OPEN_LEAD_DAYS = 10;
const MAX_OPEN_LEAD_DAYS = 31;

/** The policy with defaults, validated and frozen; throws RangeError on a bad override. */
export function createBatchPolicy(overrides: BatchPolicyOverrides = {}): BatchPolicy {
  const lead = overrides.openLeadDays ?? DEFAULT_OPEN_LEAD_DAYS;
  if (!Number.isInteger(lead) || lead < 0 || lead > MAX_OPEN_LEAD_DAYS) {
    throw new RangeError(`openLeadDays must be a whole number of days from 0 to ${MAX_OPEN_LEAD_DAYS}, got ${lead}`);
  }
  const roles: Record<BatchStep, readonly Role[]> = { ...DEFAULT_ROLES };
  for (const [step, allowed] of Object.entries(overrides.rolesAllowed ?? {})) {
    if (!(BATCH_STEPS as readonly string[]).includes(step)) throw new RangeError(`rolesAllowed: unknown step ${step}`);
    if (!Array.isArray(allowed) || allowed.length === 0) {
      throw new RangeError(`rolesAllowed.${step} must list at least one role`);
    }
    for (const role of allowed) {
      if (!isRole(role)) throw new RangeError(`rolesAllowed.${step}: unknown role ${String(role)}`);
      if (NEVER_ALLOWED.includes(role)) throw new RangeError(`rolesAllowed.${step}: a ${role} may not make payments`);
    }
    roles[step as BatchStep] = Object.freeze([...new Set(allowed as Role[])]);
  }
  for (const step of BATCH_STEPS) roles[step] = Object.freeze([...roles[step]]);
  return Object.freeze({ openLeadDays: lead, rolesAllowed: Object.freeze(roles) });
}

export const DEFAULT_BATCH_POLICY: BatchPolicy = createBatchPolicy();
