import type { PaymentScheduled } from '@app/assistance-cases/case-payments.events';
import { World } from './case-world';
import {
  ADMIN,
  approvalAsWritten,
  approved,
  at,
  death,
  decide,
  investigated,
  OTHER_TOWNSHIP,
  pay,
  PEOPLE,
  staffOf,
  submitted,
  THREE_PERSONS,
  TOWNSHIP,
} from './scenarios';
import { declareRelative, grantDelegation, registerOfficial, revokeDelegation, setStandards } from './registers';

const SHARED_ACCOUNT = '6222021234567890123';

/**
 * Half a year of two townships, in log order, with something for every rule: standards and
 * delegations, six cases, monthly payments, a person and an account in two households, a relative
 * of the approver, a vehicle in a 核对报告, a late-recorded death, a payment past a suspension,
 * a decision after a revocation, an approval without publicity, a standard not applied, an
 * application left undecided and reviews left undone (for a tick in October).
 */
export function longHistory(): World {
  const world = new World();
  setStandards(world);
  grantDelegation(world, TOWNSHIP);
  grantDelegation(world, OTHER_TOWNSHIP);
  registerOfficial(world, staffOf(TOWNSHIP).approver);
  registerOfficial(world, staffOf(OTHER_TOWNSHIP).approver);
  declareRelative(world, staffOf(TOWNSHIP).approver.id, PEOPLE.sun);

  approved(world, 'c-1', { members: THREE_PERSONS, account: SHARED_ACCOUNT });
  approved(world, 'c-2', {
    township: OTHER_TOWNSHIP,
    members: [{ relation: 'applicant', name: '李四', idNumber: PEOPLE.li }],
    account: '6222020000000000021',
  });
  approved(world, 'c-3', {
    programme: 'tekun',
    members: [{ relation: 'applicant', name: '王五', idNumber: PEOPLE.wang }],
    account: '6222020000000000031',
  });
  approved(world, 'c-4', {
    township: OTHER_TOWNSHIP,
    members: [{ relation: 'applicant', name: '赵六', idNumber: PEOPLE.zhao }],
    account: SHARED_ACCOUNT,
    meansCheck: { vehicles: 1 },
  });
  approved(world, 'c-5', {
    members: [{ relation: 'applicant', name: '孙七', idNumber: PEOPLE.sun }],
    account: '6222020000000000051',
  });
  const c7 = { members: [{ relation: 'applicant' as const, name: '周九', idNumber: PEOPLE.zhou }] };
  investigated(world, 'c-7', c7);
  world.record('c-7', approvalAsWritten('c-7', c7, '2021-03-09'), staffOf(TOWNSHIP).approver, at('2021-03-09'));
  submitted(world, 'c-6', {
    township: OTHER_TOWNSHIP,
    members: [{ relation: 'applicant', name: '钱八', idNumber: PEOPLE.qian }],
    account: '6222020000000000061',
  });

  for (const month of ['2021-04', '2021-05']) {
    for (const caseId of ['c-1', 'c-2', 'c-3', 'c-4', 'c-5']) pay(world, caseId, month);
  }

  decide(world, 'c-1', 'SuspendCase', { reasons: ['家庭收入待核实'] }, '2021-06-03');
  revokeDelegation(world, OTHER_TOWNSHIP, '2021-06-01');
  forcedPayment(world, 'c-1', '2021-06', 177_000);
  for (const caseId of ['c-2', 'c-3', 'c-4', 'c-5']) pay(world, caseId, '2021-06');
  decide(world, 'c-2', 'SuspendCase', { reasons: ['重复享受待核实'] }, '2021-06-10');

  world.other(
    'standard-3306',
    'StandardSet',
    { region: '3306', programme: 'dibao', monthlyFen: 93_000, effectiveFrom: '2021-07-01', setBy: ADMIN.id },
    ADMIN,
    at('2021-06-20'),
  );
  for (const month of ['2021-07', '2021-08']) {
    for (const caseId of ['c-3', 'c-4', 'c-5']) pay(world, caseId, month);
  }
  death(world, 'c-3', PEOPLE.wang, '2021-06-15', '2021-08-20');
  return world;
}

/** A payment put into the batch by hand, past the case's refusal. */
function forcedPayment(world: World, caseId: string, month: string, amountFen: number): void {
  const township = world.state(caseId).townshipCode as string;
  const basis = world.state(caseId).payments[0].basis;
  const event: PaymentScheduled = {
    type: 'PaymentScheduled',
    data: { caseId, paymentId: `forced-${month}`, batchId: `${township}-${month.replace('-', '')}`, month, kind: 'assistance', amountFen, scheduledOn: `${month}-05`, basis },
  };
  world.record(caseId, event, staffOf(township).clerk, at(`${month}-05`));
}
