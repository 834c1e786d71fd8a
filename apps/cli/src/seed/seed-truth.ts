import { caseStreamIdOf } from '@app/assistance-cases/http';
import { addMonths } from '@app/calendar';
import type { EventStore } from '@app/ledger';
import {
  DEADLINE_OVERDUE,
  DUPLICATE_ENROLMENT,
  MEANS_CHECK_IGNORED,
  NEAR_RELATIVE_CONFLICT,
  PAYMENT_AFTER_DEATH,
  SHARED_BANK_ACCOUNT,
} from '@app/warnings/rules';
import type { City } from './city-model';
import type { SeedLedger } from './seed-ledger';

/**
 * One planted anomaly, as the rule that should find it keys it. A line of the truth file (NDJSON):
 * `{"rule":"payment-after-death","key":"sx-000123:2021-03:assistance","caseId":"sx-000123",
 *   "township":"330602001","evidence":"…"}`.
 */
export interface TruthEntry {
  readonly rule: string;
  readonly key: string;
  readonly caseId: string;
  readonly township: string;
  /** How it was planted, in words. */
  readonly evidence: string;
}

/** The ground truth of a seeded city; deadline keys need the due date the case decider set. */
export async function truthOf(city: City, ledger: SeedLedger): Promise<TruthEntry[]> {
  const a = city.anomalies;
  const h = (n: number) => city.households[n];
  const truth: TruthEntry[] = [];
  const add = (rule: string, key: string, n: number, evidence: string) =>
    truth.push({ rule, key, caseId: h(n).caseId, township: h(n).township, evidence });
  for (const [n, { month }] of a.lateDeaths) {
    const died = city.month(month);
    for (const paid of [addMonths(died, 1), addMonths(died, 2)]) {
      add(PAYMENT_AFTER_DEATH, `${h(n).caseId}:${paid}:assistance`, n, `died ${died}-15, recorded ${city.month(month + 2)}-10 after ${paid} was paid`);
    }
  }
  for (const [n, { from }] of a.sharedAccounts) {
    add(SHARED_BANK_ACCOUNT, `${h(from).caseId}:${h(n).caseId}`, n, `applied with the bank account of ${h(from).caseId}`);
  }
  for (const n of a.nearRelatives) {
    const approver = city.townships.find((t) => t.code === h(n).township)?.approver;
    add(NEAR_RELATIVE_CONFLICT, `${h(n).caseId}:${approver}:decision`, n, `${approver} approved, then declared the applicant a near relative`);
  }
  for (const [n, { from }] of a.duplicates) {
    const pair = [h(n).caseId, h(from).caseId].sort();
    add(DUPLICATE_ENROLMENT, `dibao:${pair[0]}:${pair[1]}`, n, `lists the applicant of ${h(from).caseId} (${h(from).township})`);
  }
  for (const n of a.vehicles) {
    add(MEANS_CHECK_IGNORED, `${h(n).caseId}:HD-${h(n).caseId}`, n, '核对 found a vehicle; approved anyway');
  }
  for (const n of a.stalled) {
    const events = await ledger.store.readStream(caseStreamIdOf(h(n).caseId));
    const state = events.reduce((s, e) => ledger.caseDecider.evolve(s, e as never), ledger.caseDecider.initialState());
    const dueBy = state.deadline?.dueBy;
    if (dueBy === undefined) throw new Error(`the stalled case ${h(n).caseId} has no deadline`);
    add(DEADLINE_OVERDUE, `${h(n).caseId}:decision:${dueBy}`, n, `accepted, investigated and publicised; never decided (due ${dueBy})`);
  }
  return truth.sort((x, y) => (x.rule === y.rule ? x.key.localeCompare(y.key) : x.rule.localeCompare(y.rule)));
}
