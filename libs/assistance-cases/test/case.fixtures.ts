import { createWorkingCalendar } from '@app/calendar';
import { DomainError } from '@app/ledger/domain';
import type { Actor } from '@app/ledger/envelope';
import {
  type CaseCommand,
  type CaseEvent,
  type CaseState,
  createCaseDecider,
  type DelegationExplanation,
  type StandardSnapshot,
} from '../src';

/** The working calendar of the 2020 and 2021 State Council notices. */
export const calendar = createWorkingCalendar();
export const decider = createCaseDecider({ calendar });

export const TOWNSHIP = '330602001';
export const OTHER_TOWNSHIP = '330603001';

export const clerk: Actor = { id: 'clerk-1', role: 'intake-clerk', unit: TOWNSHIP };
export const approver: Actor = { id: 'approver-1', role: 'township-approver', unit: TOWNSHIP };
export const countyReviewer: Actor = { id: 'county-1', role: 'county-reviewer', unit: '330602' };
export const admin: Actor = { id: 'admin-1', role: 'admin', unit: '3306' };

/** Valid GB 11643 numbers of a three-person household in 越城区, and one of another county. */
export const IDS = {
  applicant: '330602198001010015',
  spouse: '330602198202020025',
  child: '330602201003030030',
  elder: '33060219550505005X',
  elsewhere: '33060319700707007X',
} as const;

/** 09:00 in Shaoxing on a date, as the API's clock would stamp it. */
export function at(date: string, time = '09:00'): string {
  return `${date}T${time}:00+08:00`;
}

type Data<T extends CaseCommand['type']> = Extract<CaseCommand, { type: T }>['data'];

export function command<T extends CaseCommand['type']>(type: T, data: Data<T>, actor: Actor, now: string): CaseCommand {
  return { type, data, metadata: { now, actor } } as CaseCommand;
}

export function given(events: readonly CaseEvent[]): CaseState {
  return events.reduce(decider.evolve, decider.initialState());
}

export function when(events: readonly CaseEvent[], cmd: CaseCommand): CaseEvent[] {
  return [...decider.decide(cmd, given(events))];
}

/** The DomainError a decision throws; fails the test when there is none. */
export function refusal(events: readonly CaseEvent[], cmd: CaseCommand): DomainError {
  try {
    decider.decide(cmd, given(events));
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`expected ${cmd.type} to be refused`);
}

export const dibao850: StandardSnapshot = {
  monthlyFen: 85_000,
  effectiveFrom: '2020-01-01',
  standardRef: { streamId: 'standard-3306', id: '3306/dibao/2020-01-01' },
  programme: 'dibao',
};
export const dibao890: StandardSnapshot = {
  monthlyFen: 89_000,
  effectiveFrom: '2021-01-01',
  standardRef: { streamId: 'standard-3306', id: '3306/dibao/2021-01-01' },
  programme: 'dibao',
};
export const tekun1602: StandardSnapshot = {
  monthlyFen: 160_200,
  effectiveFrom: '2021-01-01',
  standardRef: { streamId: 'standard-3306', id: '3306/tekun-basic/2021-01-01' },
  programme: 'tekun-basic',
};

export const inForce = (delegationId = 'dlg-1', extra: { maxAmountFen?: number } = {}): DelegationExplanation => ({
  inForce: true,
  delegation: { delegationId, townshipCode: TOWNSHIP, ...extra },
});
export const notInForce = (
  reason: Extract<DelegationExplanation, { inForce: false }>['reason'],
  delegationId?: string,
): DelegationExplanation => ({
  inForce: false,
  reason,
  ...(delegationId ? { delegationId } : {}),
});

/** A township approval at the 890 元 standard under delegation dlg-1, unless overridden. */
export function approve(
  now: string,
  overrides: Partial<Data<'ApproveCase'>> = {},
  actor: Actor = approver,
): CaseCommand {
  return command('ApproveCase', { caseId: 'c-1', delegation: inForce(), standard: dibao890, ...overrides }, actor, now);
}

/** A 3-person household declaring 900 元 wages and 300 元 优待抚恤金 a month. */
export function application(overrides: Partial<Data<'SubmitApplication'>> = {}): Data<'SubmitApplication'> {
  return {
    caseId: 'c-1',
    programme: 'dibao',
    townshipCode: TOWNSHIP,
    household: {
      members: [
        { relation: 'applicant', personal: { name: '张三', idNumber: IDS.applicant } },
        { relation: 'spouse', personal: { name: '李四', idNumber: IDS.spouse } },
        { relation: 'child', personal: { name: '张小', idNumber: IDS.child } },
      ],
      monthlyIncomeFen: { wages: 90_000, 'preferential-pension': 30_000 },
      assets: { financialFen: 500_000, vehicles: 0, realEstateUnits: 1 },
    },
    personal: { bankAccount: { bankName: '绍兴银行', accountNumber: '6222021234567890123' } },
    honestyPledge: true,
    dataCheckAuthorised: true,
    relatedToStaff: { declared: false },
    nearRelativeMatches: [],
    ...overrides,
  };
}

/**
 * Runs commands through the decider in order, each against the state the previous ones left;
 * returns every event. Builds histories with the real rules rather than hand-written events.
 */
export function run(...commands: CaseCommand[]): CaseEvent[] {
  const events: CaseEvent[] = [];
  for (const cmd of commands) events.push(...decider.decide(cmd, given(events)));
  return events;
}

export interface Timeline {
  readonly acceptedOn: string;
  readonly visitedOn: string;
  readonly opinionOn: string;
  readonly publicityFrom: string;
  readonly opinionStandard: StandardSnapshot;
}

/** March 2021: accepted Monday 1 March, publicity 9–15 March; a decision may come from 16 March. */
export const MARCH_2021: Timeline = {
  acceptedOn: '2021-03-01',
  visitedOn: '2021-03-03',
  opinionOn: '2021-03-08',
  publicityFrom: '2021-03-09',
  opinionStandard: dibao890,
};

/** November 2020: accepted 2 November, publicity 1–7 December. */
export const NOVEMBER_2020: Timeline = {
  acceptedOn: '2020-11-02',
  visitedOn: '2020-11-04',
  opinionOn: '2020-11-30',
  publicityFrom: '2020-12-01',
  opinionStandard: dibao850,
};

export function submittedAndAccepted(t: Timeline = MARCH_2021, app = application()): CaseEvent[] {
  return run(
    command('SubmitApplication', app, clerk, at(t.acceptedOn)),
    command('AcceptApplication', { caseId: app.caseId }, clerk, at(t.acceptedOn, '10:00')),
  );
}

export function meansCheck(
  caseId = 'c-1',
  requestedOn = '2021-03-02',
  reportedOn = '2021-03-05',
): Data<'RecordMeansCheck'> {
  return {
    caseId,
    reportRef: 'HD-2021-0001',
    requestedOn,
    reportedOn,
    sourcesChecked: ['户籍', '社保缴纳', '不动产登记', '车船登记', '银行存款'],
    findings: {
      monthlyIncomeFen: { wages: 90_000 },
      financialAssetsFen: 500_000,
      vehicles: 0,
      realEstateUnits: 1,
      businessRegistrations: 0,
      publicPayrollJob: false,
      incomeOverLimit: false,
    },
  };
}

export function visit(visitId: string, visitedOn: string, byCounty = false, caseId = 'c-1'): Data<'RecordHomeVisit'> {
  return {
    caseId,
    visitId,
    visitedOn,
    investigatorIds: byCounty ? ['county-1', 'county-2'] : ['staff-1', 'staff-2'],
    byCounty,
    mode: 'in-person',
    findings: '住房简陋，户主患慢性病，收入与申报一致',
  };
}

/** Accepted, checked, visited, opinion given and publicity started, with the real rules. */
export function inPublicity(t: Timeline = MARCH_2021, app = application()): CaseEvent[] {
  const accepted = submittedAndAccepted(t, app);
  const caseId = app.caseId;
  return [
    ...accepted,
    ...runOn(
      accepted,
      command('RecordMeansCheck', meansCheck(caseId, t.acceptedOn, t.visitedOn), clerk, at(t.visitedOn)),
      command('RecordHomeVisit', visit('v-1', t.visitedOn, false, caseId), clerk, at(t.visitedOn, '17:00')),
      command(
        'GivePreliminaryOpinion',
        { caseId, opinion: 'eligible', standard: t.opinionStandard },
        approver,
        at(t.opinionOn),
      ),
      command(
        'StartPublicity',
        { caseId, from: t.publicityFrom, place: '村务公开栏' },
        clerk,
        at(t.opinionOn, '16:00'),
      ),
    ),
  ];
}

/** Like run, but continuing an existing history; returns only the new events. */
export function runOn(history: readonly CaseEvent[], ...commands: CaseCommand[]): CaseEvent[] {
  const events: CaseEvent[] = [];
  for (const cmd of commands) events.push(...decider.decide(cmd, given([...history, ...events])));
  return events;
}
