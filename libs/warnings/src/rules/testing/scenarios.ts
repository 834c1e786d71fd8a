import type { CaseCommand, NearRelativeMatch } from '@app/assistance-cases/case.commands';
import type { CaseApproved } from '@app/assistance-cases/case-decision.events';
import type { DelegationExplanation, Relation, StandardSnapshot } from '@app/assistance-cases/case.values';
import { residentIdCheckCharacter } from '@app/households/resident-id';
import type { Actor, RecordedEvent } from '@app/ledger/envelope';
import { World } from './case-world';

/** Shaoxing: 越城区 (330602) and 柯桥区 (330603), one township or street in each. */
export const TOWNSHIP = '330602001';
export const OTHER_TOWNSHIP = '330603001';
export const ADMIN: Actor = { id: 'admin-3306', role: 'admin', unit: '3306' };

export interface Staff {
  readonly clerk: Actor;
  readonly approver: Actor;
  readonly county: Actor;
}

export function staffOf(township: string): Staff {
  const county = township.slice(0, 6);
  return {
    clerk: { id: `clerk-${township}`, role: 'intake-clerk', unit: township },
    approver: { id: `approver-${township}`, role: 'township-approver', unit: township },
    county: { id: `county-${county}`, role: 'county-reviewer', unit: county },
  };
}

/** A GB 11643 number from its first 17 digits. */
export function residentId(first17: string): string {
  return first17 + residentIdCheckCharacter(first17);
}

export const PEOPLE = {
  zhang: residentId('33060219800101001'),
  li: residentId('33060219820202002'),
  xiao: residentId('33060220100303003'),
  wang: residentId('33060219500505005'),
  zhao: residentId('33060319700707007'),
  qian: residentId('33060319750808008'),
  sun: residentId('33060219650909009'),
  zhou: residentId('33060219601010010'),
} as const;

/** 09:00 in Shaoxing on a date, as the API's clock stamps it. */
export function at(date: string, time = '09:00'): string {
  return `${date}T${time}:00+08:00`;
}

export const DIBAO_890: StandardSnapshot = {
  monthlyFen: 89_000,
  effectiveFrom: '2021-01-01',
  standardRef: { streamId: 'standard-3306', id: '3306/dibao/2021-01-01' },
  programme: 'dibao',
};

export const TEKUN_1602: StandardSnapshot = {
  monthlyFen: 160_200,
  effectiveFrom: '2021-01-01',
  standardRef: { streamId: 'standard-3306', id: '3306/tekun-basic/2021-01-01' },
  programme: 'tekun-basic',
};

function command(type: CaseCommand['type'], data: object, actor: Actor, now: string): CaseCommand {
  return { type, data, metadata: { now, actor } } as CaseCommand;
}

export function inForce(township: string): DelegationExplanation {
  return { inForce: true, delegation: { delegationId: `dlg-${township}`, townshipCode: township } };
}

export interface Application {
  readonly township?: string;
  readonly programme?: 'dibao' | 'tekun';
  readonly members: readonly { readonly relation: Relation; readonly name: string; readonly idNumber: string }[];
  readonly account?: string;
  readonly wagesFen?: number;
  readonly meansCheck?: Partial<{
    vehicles: number;
    realEstateUnits: number;
    businessRegistrations: number;
    publicPayrollJob: boolean;
    incomeOverLimit: boolean;
  }>;
  readonly nearRelativeMatches?: readonly NearRelativeMatch[];
}

export const THREE_PERSONS: Application['members'] = [
  { relation: 'applicant', name: '张三', idNumber: PEOPLE.zhang },
  { relation: 'spouse', name: '李四', idNumber: PEOPLE.li },
  { relation: 'child', name: '张小', idNumber: PEOPLE.xiao },
];

/** Submitted and accepted on Monday 1 March 2021 (the decision is due 30 working days later). */
export function submitted(world: World, caseId: string, app: Application): RecordedEvent[] {
  const township = app.township ?? TOWNSHIP;
  const { clerk } = staffOf(township);
  const programme = app.programme ?? 'dibao';
  const data = {
    caseId,
    programme,
    townshipCode: township,
    household: {
      members: app.members.map((m) => ({ relation: m.relation, personal: { name: m.name, idNumber: m.idNumber } })),
      monthlyIncomeFen: programme === 'dibao' ? { wages: wagesOf(app) } : { pension: 20_000 },
      assets: { financialFen: 500_000, vehicles: 0, realEstateUnits: 1 },
    },
    personal: { bankAccount: { bankName: '绍兴银行', accountNumber: app.account ?? '6222021234567890123' } },
    honestyPledge: true,
    dataCheckAuthorised: true,
    relatedToStaff: { declared: false },
    nearRelativeMatches: app.nearRelativeMatches ?? [],
  };
  return [
    ...world.run(command('SubmitApplication', data, clerk, at('2021-03-01'))),
    ...world.run(command('AcceptApplication', { caseId }, clerk, at('2021-03-01', '10:00'))),
  ];
}

/** Investigated (核对 and home visit on 3 March 2021) with an eligible opinion on 8 March. */
export function investigated(world: World, caseId: string, app: Application): RecordedEvent[] {
  const township = app.township ?? TOWNSHIP;
  const { clerk, approver } = staffOf(township);
  const standard = (app.programme ?? 'dibao') === 'dibao' ? DIBAO_890 : TEKUN_1602;
  const findings = {
    monthlyIncomeFen: (app.programme ?? 'dibao') === 'dibao' ? { wages: wagesOf(app) } : {},
    financialAssetsFen: 500_000,
    vehicles: 0,
    realEstateUnits: 1,
    businessRegistrations: 0,
    publicPayrollJob: false,
    incomeOverLimit: false,
    ...(app.meansCheck ?? {}),
  };
  const check = {
    caseId,
    reportRef: `HD-${caseId}`,
    requestedOn: '2021-03-01',
    reportedOn: '2021-03-03',
    sourcesChecked: ['户籍', '社保缴纳', '不动产登记', '车船登记', '银行存款'],
    findings,
  };
  const visit = {
    caseId,
    visitId: `v-${caseId}`,
    visitedOn: '2021-03-03',
    investigatorIds: [`staff-${township}-1`, `staff-${township}-2`],
    byCounty: false,
    mode: 'in-person',
    findings: '住房简陋，收入与申报一致',
  };
  return [
    ...submitted(world, caseId, app),
    ...world.run(command('RecordMeansCheck', check, clerk, at('2021-03-03'))),
    ...world.run(command('RecordHomeVisit', visit, clerk, at('2021-03-03', '17:00'))),
    ...world.run(command('GivePreliminaryOpinion', { caseId, opinion: 'eligible', standard }, approver, at('2021-03-08'))),
  ];
}

/** Investigated, and 7 days of publicity from 9 to 15 March 2021. */
export function inPublicity(world: World, caseId: string, app: Application): RecordedEvent[] {
  const { clerk } = staffOf(app.township ?? TOWNSHIP);
  return [
    ...investigated(world, caseId, app),
    ...world.run(command('StartPublicity', { caseId, from: '2021-03-09', place: '村务公开栏' }, clerk, at('2021-03-08', '16:00'))),
  ];
}

/** Approved by the township under its delegation on 16 March 2021: payable from April. */
export function approve(world: World, caseId: string, date = '2021-03-16', actor?: Actor): RecordedEvent[] {
  const state = world.state(caseId);
  const township = state.townshipCode as string;
  const standard = state.programme === 'tekun' ? TEKUN_1602 : DIBAO_890;
  const data = { caseId, delegation: inForce(township), standard };
  return world.run(command('ApproveCase', data, actor ?? staffOf(township).approver, at(date)));
}

export function approved(world: World, caseId: string, app: Application): RecordedEvent[] {
  return [...inPublicity(world, caseId, app), ...approve(world, caseId)];
}

/**
 * The approval the decider writes on 16 March for this application, dated `decidedOn`: to record
 * by hand an approval the decider would refuse, as it arrives by another route.
 */
export function approvalAsWritten(caseId: string, app: Application, decidedOn = '2021-03-16'): CaseApproved {
  const template = new World();
  const written = approved(template, caseId, { ...app, nearRelativeMatches: [] }).find((e) => e.type === 'CaseApproved');
  return { type: 'CaseApproved', data: { ...(written?.data as CaseApproved['data']), decidedOn } };
}

export function schedule(world: World, caseId: string, month: string, date = `${month}-05`): RecordedEvent[] {
  const township = world.state(caseId).townshipCode as string;
  const data = {
    caseId,
    paymentId: `p-${caseId}-${month}`,
    batchId: `${township}-${month.replace('-', '')}`,
    month,
    kind: 'assistance',
  };
  return world.run(command('SchedulePayment', data, staffOf(township).clerk, at(date)));
}

export function settle(world: World, caseId: string, month: string, date = `${month}-10`): RecordedEvent[] {
  const township = world.state(caseId).townshipCode as string;
  const paymentId = `p-${caseId}-${month}`;
  const data = { caseId, paymentId, outcome: 'paid', bankReference: `BR-${paymentId}`, settledOn: date };
  return world.run(command('RecordSettlement', data, staffOf(township).clerk, at(date)));
}

/** Scheduled on the 5th and paid on the 10th of each month. */
export function pay(world: World, caseId: string, ...months: string[]): RecordedEvent[] {
  return months.flatMap((month) => [...schedule(world, caseId, month), ...settle(world, caseId, month)]);
}

export function death(world: World, caseId: string, idNumber: string, diedOn: string, recordedOn: string): RecordedEvent[] {
  const township = world.state(caseId).townshipCode as string;
  const data = { caseId, idNumber, diedOn, source: { registry: '公安户籍', recordId: `DR-${idNumber.slice(-4)}` } };
  return world.run(command('RecordMemberDeath', data, staffOf(township).clerk, at(recordedOn)));
}

/** A township decision on an approved case under its delegation (suspend, terminate, ...). */
export function decide(world: World, caseId: string, type: CaseCommand['type'], data: object, date: string): RecordedEvent[] {
  const township = world.state(caseId).townshipCode as string;
  const full = { caseId, delegation: inForce(township), ...data };
  return world.run(command(type, full, staffOf(township).approver, at(date)));
}

/** The severity a finding is raised with: its own, else its rule's. */
export function severityOf(rule: { readonly severity: string }, finding: { readonly severity?: string }): string {
  return finding.severity ?? rule.severity;
}

/** 300 元 of wages a month per member unless given: 1770 元 for three at the 890 元 standard. */
function wagesOf(app: Application): number {
  return app.wagesFen ?? 30_000 * app.members.length;
}
