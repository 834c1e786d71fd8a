import { type CasePolicy, type CpiFigures, priceSubsidyCalculation, type StandardSnapshot } from '@app/assistance-cases';
import { isYearMonth } from '@app/calendar';
import { DomainError } from '@app/ledger/domain';
import type { HttpCommandContext } from '@app/platform';
import { unitLevel, withinJurisdiction } from '@app/platform/jurisdiction';
import type { StandardsReader } from '@app/standards/http';
import { standardRegionsFor } from '@app/standards/standards.queries';
import type { BatchPolicy } from '../batch.policy';
import type { PriceSubsidyReport } from './batch-runner.types';
import { CASE_PAYMENT_STAFF } from './case-scheduling';

/**
 * What a run is checked against before it sends anything, so that a run nobody may make, or one
 * on a malformed township or month, leaves no trace: the township and month, the official's
 * jurisdiction, and a role both the batch policy (to list payments) and the cases (to schedule
 * them) accept.
 */
export function requireRunner(
  policy: BatchPolicy,
  context: HttpCommandContext,
  townshipCode: string,
  month: string,
): void {
  if (typeof townshipCode !== 'string' || unitLevel(townshipCode) !== 'township') {
    throw DomainError.invalid('townshipCode', 'townshipCode must be a 9-digit township code');
  }
  if (!isYearMonth(month)) throw DomainError.invalid('month', 'month must be YYYY-MM');
  const { principal } = context;
  if (!withinJurisdiction(principal.unit, townshipCode)) {
    const message = `unit ${principal.unit} has no jurisdiction over township ${townshipCode}`;
    throw DomainError.forbidden('outside-jurisdiction', message, { unit: principal.unit, townshipCode });
  }
  const allowed = policy.rolesAllowed['record-payments'].filter((role) => CASE_PAYMENT_STAFF.includes(role));
  if (!principal.roles.some((role) => allowed.includes(role))) {
    throw DomainError.forbidden('role-not-allowed', `a payment run needs one of the roles ${allowed.join(', ')}`, {
      heldRoles: [...principal.roles],
      allowed,
    });
  }
}

/**
 * The CPI figures against the triggers in force for their month, and the 低保 standard of the
 * month paid, on which the case computes the subsidy. Whether a case is paid it, and how much,
 * stays the case's decision; this only says whether the run asks the cases at all.
 */
export async function priceSubsidyFor(
  standards: Pick<StandardsReader, 'inForce'>,
  policy: Pick<CasePolicy, 'priceSubsidy'>,
  townshipCode: string,
  month: string,
  cpi: CpiFigures,
): Promise<PriceSubsidyReport> {
  requireCpi(cpi, month);
  const regions = standardRegionsFor(townshipCode);
  const found = await standards.inForce(regions, 'dibao', month);
  if (!found) {
    const message = `no dibao standard is in force for ${month} in ${regions.join(' or ')}`;
    throw DomainError.conflict('no-standard-in-force', message, { programme: 'dibao', month, regions: [...regions] });
  }
  const standard: StandardSnapshot = {
    monthlyFen: found.monthlyFen,
    effectiveFrom: found.effectiveFrom,
    standardRef: found.standardRef,
    programme: 'dibao',
  };
  const calculation = priceSubsidyCalculation(cpi, standard.monthlyFen, policy.priceSubsidy);
  return { cpi, triggered: calculation !== undefined, standard, perPersonFen: calculation?.perPersonFen ?? 0 };
}

function requireCpi(cpi: CpiFigures, month: string): void {
  if (!isYearMonth(cpi?.month)) throw DomainError.invalid('cpi.month', 'cpi.month must be YYYY-MM');
  if (cpi.month > month) {
    throw DomainError.invalid('cpi.month', `the CPI of ${cpi.month} is later than the month paid (${month})`);
  }
  for (const key of ['cpiYoY', 'foodCpiYoY'] as const) {
    const rate = cpi[key];
    if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= -1 || rate >= 1) {
      throw DomainError.invalid(`cpi.${key}`, `cpi.${key} must be a year-on-year rise as a fraction (0.035 is 3.5 %)`);
    }
  }
}
