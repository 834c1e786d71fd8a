import { caseStreamIdOf } from '@app/assistance-cases/http';
import { addDays } from '@app/calendar';
import { delegationStreamId } from '@app/delegation';
import { residentIdCheckCharacter } from '@app/households';
import type { HttpCommandContext } from '@app/platform';
import { SHAOXING_2020_STANDARDS, standardRegionsFor, standardStreamId } from '@app/standards';
import type { BatchLedger } from './batch-ledger';

export const BENCH_TOWNSHIP = '330602001';

const official = (sub: string, role: 'admin' | 'county-reviewer' | 'intake-clerk' | 'township-approver', unit: string) =>
  ({ principal: { sub, roles: [role], unit } }) satisfies HttpCommandContext;
export const ADMIN = official('admin-1', 'admin', '3306');
export const COUNTY_REVIEWER = official('county-1', 'county-reviewer', '330602');
export const CLERK = official('clerk-1', 'intake-clerk', BENCH_TOWNSHIP);
export const APPROVER = official('approver-1', 'township-approver', BENCH_TOWNSHIP);

/** A household of the benchmark: 1 to 3 members and 0 to 480 元 of wages (below the standard), so amounts differ. */
export interface BenchHousehold {
  readonly caseId: string;
  readonly n: number;
  readonly members: number;
  readonly wagesFen: number;
}

export function benchHouseholds(count: number): BenchHousehold[] {
  return Array.from({ length: count }, (_, n) => ({
    caseId: `bench-${String(n + 1).padStart(7, '0')}`,
    n,
    members: (n % 3) + 1,
    wagesFen: (n % 17) * 3_000,
  }));
}

export type Progress = (line: string) => void;

/**
 * The Shaoxing standards, a 低保 delegation to the township, and `households` approved 低保
 * cases, each through the ledger's command path in the fewest commands the case decider allows
 * (application, acceptance, means check, home visit, opinion and publicity on 1 March, the
 * township's approval on 9 March), `concurrency` cases at a time.
 */
export async function seedApprovedCases(
  ledger: BatchLedger,
  households: readonly BenchHousehold[],
  concurrency: number,
  progress: Progress,
): Promise<void> {
  const { executor, clock } = ledger;
  clock.set('2021-03-01T01:00:00.000Z');
  await seedStandardsAndDelegation(ledger, BENCH_TOWNSHIP, 'bench-delegation');
  const found = await ledger.standards.inForce(standardRegionsFor(BENCH_TOWNSHIP), 'dibao', '2021-03');
  if (!found) throw new Error('the seeded standards hold no 低保 standard for March 2021');
  const { monthlyFen, effectiveFrom, standardRef } = found;
  const standard = { monthlyFen, effectiveFrom, standardRef, programme: 'dibao' };

  const send = (context: HttpCommandContext, caseId: string, type: string, data: object, delegationId?: string) =>
    executor.run({
      context,
      decider: ledger.caseDecider,
      streamId: caseStreamIdOf(caseId),
      role: context.principal.roles[0],
      type: type as never,
      data: { caseId, ...data } as never,
      ...(delegationId === undefined ? {} : { delegationId }),
      view: () => null,
    });

  await inTurns(households, concurrency, progress, 'investigated and publicised', async (h) => {
    await send(CLERK, h.caseId, 'SubmitApplication', application(h));
    await send(CLERK, h.caseId, 'AcceptApplication', {});
    await send(CLERK, h.caseId, 'RecordMeansCheck', meansCheck(`HD-2021-${h.n + 1}`, h.wagesFen));
    await send(CLERK, h.caseId, 'RecordHomeVisit', homeVisit(`v-${h.n + 1}`));
    await send(CLERK, h.caseId, 'GivePreliminaryOpinion', { opinion: 'eligible', standard });
    await send(CLERK, h.caseId, 'StartPublicity', { place: '村务公开栏' });
  });
  clock.set('2021-03-09T01:00:00.000Z');
  const { explanation } = await ledger.delegations.explain(BENCH_TOWNSHIP, clock.now().toISOString(), 'dibao');
  if (!explanation.inForce) throw new Error(`the seeded delegation is not in force: ${explanation.reason}`);
  const delegationId = explanation.delegation.delegationId;
  await inTurns(households, concurrency, progress, 'approved', (h) =>
    send(APPROVER, h.caseId, 'ApproveCase', { delegation: explanation, standard }, delegationId).then(() => undefined),
  );
}

async function inTurns<T>(
  items: readonly T[],
  concurrency: number,
  progress: Progress,
  what: string,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let done = 0;
  const step = Math.max(1, Math.ceil(items.length / 10));
  const worker = async () => {
    while (next < items.length) {
      await task(items[next++]);
      done += 1;
      if (done % step === 0 || done === items.length) progress(`  ${done.toLocaleString('en-US')} cases ${what}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** A valid, distinct resident ID number for member `m` of household `n`. */
function idNumber(n: number, m: number): string {
  const born = addDays('1940-01-01', n % 18_000).replaceAll('-', '');
  const sequence = String(Math.floor(n / 18_000) * 3 + m).padStart(3, '0');
  const first17 = `330602${born}${sequence}`;
  return first17 + residentIdCheckCharacter(first17);
}

const RELATIONS = ['applicant', 'spouse', 'child'] as const;

function application(h: BenchHousehold) {
  const idNumbers = Array.from({ length: h.members }, (_, m) => idNumber(h.n, m));
  return dibaoApplication(BENCH_TOWNSHIP, h.n + 1, h.wagesFen, idNumbers);
}

/**
 * The Shaoxing standards, set by an administrator, and a 低保 delegation from the county to
 * `township`, valid from 1 March 2021 to the end of the year.
 */
export async function seedStandardsAndDelegation(
  ledger: Pick<BatchLedger, 'executor' | 'standardsDecider' | 'delegationDecider'>,
  township: string,
  delegationId: string,
): Promise<void> {
  const { executor } = ledger;
  for (const data of SHAOXING_2020_STANDARDS) {
    const streamId = standardStreamId(data.region);
    await executor.run({ context: ADMIN, decider: ledger.standardsDecider, streamId, role: 'admin', type: 'SetStandard', data });
  }
  await executor.run({
    context: COUNTY_REVIEWER,
    decider: ledger.delegationDecider,
    streamId: delegationStreamId(township),
    role: 'county-reviewer',
    type: 'GrantDelegation',
    data: {
      townshipCode: township,
      delegationId,
      programmes: [{ programme: 'dibao' }],
      validFrom: '2021-03-01',
      validTo: '2022-01-01',
      document: '越民〔2021〕8号',
    },
  });
}

/**
 * The application of household `number` of the township: one member per ID number (applicant,
 * spouse, child), `wagesFen` of wages and assets within the limits.
 */
export function dibaoApplication(township: string, number: number, wagesFen: number, idNumbers: readonly string[]) {
  return {
    programme: 'dibao',
    townshipCode: township,
    household: {
      members: idNumbers.map((idNumber, m) => ({
        relation: RELATIONS[m],
        personal: { name: `户${number}成员${m + 1}`, idNumber },
      })),
      monthlyIncomeFen: wagesFen > 0 ? { wages: wagesFen } : {},
      assets: { financialFen: 500_000, vehicles: 0, realEstateUnits: 1 },
    },
    personal: { bankAccount: { bankName: '绍兴银行', accountNumber: '6222021234567890123' } },
    honestyPledge: true,
    dataCheckAuthorised: true,
    relatedToStaff: { declared: false },
    nearRelativeMatches: [],
  };
}

/** A means check (核对) on 1 March 2021 that finds what was declared: `wagesFen` of wages and nothing over a limit. */
export function meansCheck(reportRef: string, wagesFen: number) {
  return {
    reportRef,
    requestedOn: '2021-03-01',
    reportedOn: '2021-03-01',
    sourcesChecked: ['户籍', '纳税', '社保', '不动产', '车船'],
    findings: {
      monthlyIncomeFen: wagesFen > 0 ? { wages: wagesFen } : {},
      financialAssetsFen: 500_000,
      vehicles: 0,
      realEstateUnits: 1,
      businessRegistrations: 0,
      publicPayrollJob: false,
      incomeOverLimit: false,
    },
  };
}

/** A home visit by two clerks on 1 March 2021 that confirms the declaration. */
export function homeVisit(visitId: string) {
  return {
    visitId,
    visitedOn: '2021-03-01',
    investigatorIds: ['clerk-a', 'clerk-b'],
    byCounty: false,
    mode: 'in-person',
    findings: '住房简陋，收入与申报一致',
  };
}
