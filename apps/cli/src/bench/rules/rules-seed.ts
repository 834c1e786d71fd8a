import { caseStreamIdOf } from '@app/assistance-cases/http';
import { addDays, previousMonth } from '@app/calendar';
import { residentIdCheckCharacter } from '@app/households';
import { paymentIdOf, type SettlementResult } from '@app/payments';
import type { HttpCommandContext } from '@app/platform';
import { standardRegionsFor } from '@app/standards';
import type { BatchLedger } from '../batch/batch-ledger';
import {
  APPROVER,
  BENCH_TOWNSHIP,
  CLERK,
  dibaoApplication,
  homeVisit,
  meansCheck,
  type Progress,
  seedStandardsAndDelegation,
} from '../batch/batch-seed';

/** One household of the rules benchmark: its case, members' ID numbers and bank account. */
export interface RulesHousehold {
  readonly n: number;
  readonly caseId: string;
  readonly idNumbers: readonly string[];
  readonly account: string;
}

/** Every SHARED_ACCOUNT_EVERY-th household gives the account of the household before it (一卡多户). */
export const SHARED_ACCOUNT_EVERY = 50;
/** Every DEATH_EVERY-th household's applicant died in April, recorded only after later months were paid (死人保). */
export const DEATH_EVERY = 100;
export const FIRST_MONTH = '2021-04';
export const DIED_ON = '2021-04-15';

export function rulesHouseholds(count: number): RulesHousehold[] {
  const households: RulesHousehold[] = [];
  for (let n = 0; n < count; n++) {
    const members = (n % 3) + 1;
    const own = `6222${String(n + 1).padStart(12, '0')}`;
    const shared = n > 0 && (n + 1) % SHARED_ACCOUNT_EVERY === 0;
    households.push({
      n,
      caseId: `rules-${String(n + 1).padStart(7, '0')}`,
      idNumbers: Array.from({ length: members }, (_, m) => idNumber(n, m)),
      account: shared ? households[n - 1].account : own,
    });
  }
  return households;
}

/**
 * A township's realistic log through the command path: standards, a delegation, `households`
 * 低保 cases investigated, publicised and approved, then paid monthly for `months` months by the
 * batch runner (run, bank submission, settlement). The anomalies: one household in
 * SHARED_ACCOUNT_EVERY gives its neighbour's bank account, and one in DEATH_EVERY has a death in
 * April recorded after the later months were paid.
 */
export async function seedRulesLog(
  ledger: BatchLedger,
  households: readonly RulesHousehold[],
  months: readonly string[],
  concurrency: number,
  progress: Progress,
): Promise<void> {
  const { clock } = ledger;
  clock.set('2021-03-01T01:00:00.000Z');
  await seedStandardsAndDelegation(ledger, BENCH_TOWNSHIP, 'bench-delegation');
  const found = await ledger.standards.inForce(standardRegionsFor(BENCH_TOWNSHIP), 'dibao', '2021-03');
  if (!found) throw new Error('the seeded standards hold no 低保 standard for March 2021');
  const standard = { monthlyFen: found.monthlyFen, effectiveFrom: found.effectiveFrom, standardRef: found.standardRef, programme: 'dibao' };

  await inTurns(households, concurrency, progress, 'investigated and publicised', async (h) => {
    const wagesFen = (h.n % 17) * 3_000;
    const application = dibaoApplication(BENCH_TOWNSHIP, h.n + 1, wagesFen, h.idNumbers);
    await caseCommand(ledger, CLERK, h.caseId, 'SubmitApplication', {
      ...application,
      personal: { bankAccount: { bankName: '绍兴银行', accountNumber: h.account } },
    });
    await caseCommand(ledger, CLERK, h.caseId, 'AcceptApplication', {});
    await caseCommand(ledger, CLERK, h.caseId, 'RecordMeansCheck', meansCheck(`HD-2021-${h.n + 1}`, wagesFen));
    await caseCommand(ledger, CLERK, h.caseId, 'RecordHomeVisit', homeVisit(`v-${h.n + 1}`));
    await caseCommand(ledger, CLERK, h.caseId, 'GivePreliminaryOpinion', { opinion: 'eligible', standard });
    await caseCommand(ledger, CLERK, h.caseId, 'StartPublicity', { place: '村务公开栏' });
  });
  clock.set('2021-03-09T01:00:00.000Z');
  const { explanation } = await ledger.delegations.explain(BENCH_TOWNSHIP, clock.now().toISOString(), 'dibao');
  if (!explanation.inForce) throw new Error(`the seeded delegation is not in force: ${explanation.reason}`);
  const delegationId = explanation.delegation.delegationId;
  await inTurns(households, concurrency, progress, 'approved', (h) =>
    caseCommand(ledger, APPROVER, h.caseId, 'ApproveCase', { delegation: explanation, standard }, delegationId),
  );

  for (const month of months) {
    await payMonth(ledger, households, month);
    progress(`  ${month} paid`);
  }
  clock.set(`${months[months.length - 1]}-05T02:00:00.000Z`);
  const dying = households.filter((h) => (h.n + 1) % DEATH_EVERY === 0);
  await inTurns(dying, concurrency, progress, 'with a late-recorded death', (h) => recordDeath(ledger, h, DIED_ON));
}

/** The township's batch for `month`: scheduled on the 25th before, submitted on the 28th, paid by the bank on the 2nd. */
export async function payMonth(ledger: BatchLedger, households: readonly RulesHousehold[], month: string): Promise<void> {
  const before = previousMonth(month);
  ledger.clock.set(`${before}-25T01:00:00.000Z`);
  const run = await ledger.runner.run(CLERK, BENCH_TOWNSHIP, month);
  if (run.run.failed.length > 0) throw new Error(`the ${month} run failed for ${run.run.failed.length} cases`);
  ledger.clock.set(`${before}-28T01:00:00.000Z`);
  await ledger.runner.submit(APPROVER, run.run.batchId, `SXBANK-${month}-001`);
  ledger.clock.set(`${month}-02T01:00:00.000Z`);
  const results: SettlementResult[] = households.map((h, i) => ({
    paymentId: paymentIdOf(h.caseId, month, 'assistance'),
    outcome: 'paid',
    bankReference: `BK-${month}-${i + 1}`,
  }));
  await ledger.runner.settle(CLERK, run.run.batchId, results);
}

/** The applicant's death, from the civil registry; returns the MemberDied event id. */
export async function recordDeath(ledger: BatchLedger, h: RulesHousehold, diedOn: string): Promise<string> {
  const response = await caseCommand(ledger, CLERK, h.caseId, 'RecordMemberDeath', {
    idNumber: h.idNumbers[0],
    diedOn,
    source: { registry: '公安户籍', recordId: `SW-${h.n + 1}` },
  });
  const died = response.events.find((event) => event.type === 'MemberDied');
  if (!died) throw new Error(`recording the death in ${h.caseId} appended no MemberDied`);
  return died.eventId;
}

function caseCommand(
  ledger: BatchLedger,
  context: HttpCommandContext,
  caseId: string,
  type: string,
  data: object,
  delegationId?: string,
) {
  return ledger.executor.run({
    context,
    decider: ledger.caseDecider,
    streamId: caseStreamIdOf(caseId),
    role: context.principal.roles[0],
    type: type as never,
    data: { caseId, ...data } as never,
    ...(delegationId === undefined ? {} : { delegationId }),
    view: () => null,
  });
}

async function inTurns<T>(
  items: readonly T[],
  concurrency: number,
  progress: Progress,
  what: string,
  task: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  progress(`  ${items.length.toLocaleString('en-US')} cases ${what}`);
}

/** A valid, distinct resident ID number for member `m` of household `n` (in 越城区). */
function idNumber(n: number, m: number): string {
  const born = addDays('1940-01-01', n % 18_000).replaceAll('-', '');
  const sequence = String(Math.floor(n / 18_000) * 3 + m).padStart(3, '0');
  const first17 = `330602${born}${sequence}`;
  return first17 + residentIdCheckCharacter(first17);
}
