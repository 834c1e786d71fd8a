import { caseStreamIdOf } from '@app/assistance-cases/http';
import { addMonths } from '@app/calendar';
import type { EventStore } from '@app/ledger';
import {
  AMOUNT_MISMATCH,
  DEADLINE_OVERDUE,
  DECISION_AUTHORITY,
  PAYMENT_ON_HELD_CASE,
  PUBLICITY_MISSING,
  RECTIFICATION_OVERDUE,
  DUPLICATE_ENROLMENT,
  MEANS_CHECK_IGNORED,
  NEAR_RELATIVE_CONFLICT,
  PAYMENT_AFTER_DEATH,
  SHARED_BANK_ACCOUNT,
} from '@app/warnings/rules';
import { type City, COUNTIES, standardRiseMonth } from './city-model';
import { campaignIdOf, rectificationIdOf, SeedInspections } from './seed-inspections';
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
export async function truthOf(city: City, ledger: SeedLedger, inspections: SeedInspections): Promise<TruthEntry[]> {
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
  for (const [n, { month }] of a.heldPayments) {
    const paid = city.month(month + 1);
    add(PAYMENT_ON_HELD_CASE, `${h(n).caseId}:${paid}:assistance`, n,
      `suspended ${city.month(month)}-28 after the bank file for ${paid} was sent; the bank paid it on ${paid}-02`);
  }
  for (const n of a.transferredApprovers) {
    const events = await ledger.store.readStream(caseStreamIdOf(h(n).caseId));
    const approved = events.find((e) => e.type === 'CaseApproved');
    if (approved === undefined) throw new Error(`the case ${h(n).caseId} was not approved`);
    add(DECISION_AUTHORITY, `${h(n).caseId}:${approved.eventId}`, n,
      `approved by ${approved.metadata.actor.id}, deactivated (transferred away) three days before`);
  }
  const rise = standardRiseMonth(city.options.months);
  for (const n of a.standardLags) {
    const county = h(n).township.slice(0, 6);
    const effective = `${city.month(rise ?? 0)}-01`;
    add(AMOUNT_MISMATCH, `${h(n).caseId}:standard:award:${city.month(h(n).enrolMonth)}-15:${county}/dibao/${effective}`, n,
      `no amount change after the 低保 standard of ${county} rose from ${effective}; still paid at the old standard`);
  }
  for (const n of a.legacyApprovals) {
    add(PUBLICITY_MISSING, `${h(n).caseId}:approval`, n,
      'migrated legacy record (metadata source legacy-migration): county confirmation 2021-01-04 with no 公示 on record');
  }
  const c = inspections.month;
  for (const county of c === null ? [] : COUNTIES) {
    const campaignId = campaignIdOf(city, county.code, c as number);
    const overdue = a.overdueRectifications.get(county.code) ?? 0;
    const visited = inspections.visited(await inspections.campaign(campaignId), county.code);
    const dueBy = `${city.month((c as number) + 1)}-20`;
    for (const v of visited.filter((x) => x.k < overdue)) {
      truth.push({
        rule: RECTIFICATION_OVERDUE,
        key: `${campaignId}:${rectificationIdOf(campaignId, v.k)}:${dueBy}`,
        caseId: v.caseId,
        township: v.townshipCode,
        evidence: `rectification ordered by ${campaignId}, due ${dueBy}, never reported done`,
      });
    }
  }
  return truth.sort((x, y) => (x.rule === y.rule ? x.key.localeCompare(y.key) : x.rule.localeCompare(y.rule)));
}
