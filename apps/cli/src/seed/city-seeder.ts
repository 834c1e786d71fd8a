import { caseStreamIdOf } from '@app/assistance-cases/http';
import { addMonths } from '@app/calendar';
import { delegationStreamId } from '@app/delegation';
import type { Decider } from '@app/ledger/decider';
import { officialStreamId } from '@app/officials';
import type { HttpCommandContext, Role } from '@app/platform';
import { SHAOXING_2020_STANDARDS, standardRegionsFor, standardStreamId } from '@app/standards';
import type { TreeHeadSigner } from '@app/integrity/merkle/tree-head';
import {
  type City,
  COUNTIES,
  type Household,
  personIdNumber,
  standardRiseMonth,
  type Township,
} from './city-model';
import { applicationOf, homeVisitOf, meansCheckOf } from './seed-applications';
import { legacyCommandId, type LegacyStep, migrateLegacyCase } from './legacy-records';
import { SeedCaseLife, transferredApproverOf } from './seed-case-life';
import { SeedInspections } from './seed-inspections';
import { SeedBatches } from './seed-batches';
import { ADMIN, as, type SeedLedger } from './seed-ledger';


/**
 * The phases of a month, each run over every township in turn, so the clock only moves forward:
 * settle 2nd, standards 3rd, intake 4th, deaths 10th, manage (reviews, reported changes,
 * resumptions, transfers) 12th, changes (amounts after a standard rise) 13th, decide 15th,
 * inspect 20th, pay 25th/28th, hold (suspensions after the bank file) 28th noon.
 */
export const PHASES = ['settle', 'standards', 'intake', 'deaths', 'manage', 'changes', 'decide', 'inspect', 'pay', 'hold'] as const;
export type Phase = (typeof PHASES)[number];

export interface SeedProgress {
  /** Called after each township of each phase: units done of `total`. */
  unit(done: number, total: number, label: string): void;
}

export interface SeedRunResult {
  readonly unitsDone: number;
  readonly unitsTotal: number;
  /** Commands found already recorded and skipped (a resumed run). */
  readonly skipped: number;
  readonly interrupted: boolean;
}

/**
 * Drives the city through the ledger's command path, month by month (PHASES): intake and
 * investigation on the 4th, deaths from the civil registry on the 10th, reviews and reported
 * changes on the 12th, amount changes after a standard rise on the 13th, decisions and
 * terminations on the 15th, the special inspection campaigns on the 20th, the payment run on the
 * 25th and the bank file on the 28th, the bank's results and the reconciliation on the 2nd of the
 * month paid. Every command has an id derived from what it is, so running a step again appends
 * nothing; a resumed run skips the commands the ledger already holds, up to the first it lacks.
 * The one exception to the command path is the legacy record (legacy-records.ts).
 */
export class CitySeeder {
  private resuming = true;
  private skipped = 0;
  private readonly standardCache = new Map<string, object>();
  readonly inspections: SeedInspections;
  private readonly life: SeedCaseLife;
  private readonly batches: SeedBatches;

  constructor(
    private readonly ledger: SeedLedger,
    private readonly city: City,
    signer: TreeHeadSigner | undefined,
    private readonly progress: SeedProgress = { unit: () => undefined },
  ) {
    const a = city.anomalies;
    const planted = new Set<number>([
      ...a.lateDeaths.keys(), ...a.sharedAccounts.keys(), ...[...a.sharedAccounts.values()].map((v) => v.from), ...a.nearRelatives,
      ...a.duplicates.keys(), ...[...a.duplicates.values()].map((v) => v.from), ...a.vehicles, ...a.stalled, ...a.heldPayments.keys(),
      ...a.transferredApprovers, ...a.standardLags, ...a.legacyApprovals,
    ]);
    const plantedCases = new Set([...planted].map((n) => city.households[n].caseId));
    this.life = new SeedCaseLife(ledger, city, {
      send: (...args) => this.send(...args),
      caseCommand: (...args) => this.caseCommand(...args),
      standardFor: (...args) => this.standardFor(...args),
    });
    this.batches = new SeedBatches(ledger);
    this.inspections = new SeedInspections(ledger, city, signer, (...args) => this.send(...args), plantedCases);
  }

  get unitsTotal(): number {
    return 1 + (this.city.options.months + 1) * PHASES.length * this.city.townships.length;
  }

  /** Seeds the city; with `stopAfterUnits`, stops there as if interrupted. */
  async run(stopAfterUnits = Number.POSITIVE_INFINITY): Promise<SeedRunResult> {
    const total = this.unitsTotal;
    let done = 0;
    const result = (interrupted: boolean): SeedRunResult => ({ unitsDone: done, unitsTotal: total, skipped: this.skipped, interrupted });
    this.resuming = (await this.ledger.eventCount()) > 0;
    this.at('2020-12-01', 1);
    await this.setUp();
    this.progress.unit(++done, total, 'set-up');
    if (done >= stopAfterUnits) return result(true);
    const byTownship = new Map<string, Household[]>();
    for (const h of this.city.households) byTownship.set(h.township, [...(byTownship.get(h.township) ?? []), h]);
    for (let i = 0; i <= this.city.options.months; i++) {
      for (const phase of PHASES) {
        for (const t of this.city.townships) {
          await this.phase(phase, i, t, byTownship.get(t.code) ?? []);
          this.progress.unit(++done, total, `${this.city.month(i)} ${phase}`);
          if (done >= stopAfterUnits) return result(true);
        }
      }
    }
    return result(false);
  }

  private at(date: string, hour = 1): void {
    this.ledger.clock.set(`${date}T${String(hour).padStart(2, '0')}:00:00.000Z`);
  }

  /** One command, under a deterministic id; skipped when a resumed run finds it recorded. */
  private async send(
    context: HttpCommandContext,
    decider: Decider<never, never, unknown>,
    streamId: string,
    type: string,
    data: object,
    commandId: string,
    delegationId?: string,
  ): Promise<void> {
    if (this.resuming) {
      if (await this.ledger.store.findCommand(commandId)) {
        this.skipped++;
        return;
      }
      this.resuming = false;
    }
    await this.ledger.executor.run({
      context: { ...context, correlationId: commandId },
      decider,
      streamId,
      role: context.principal.roles[0],
      type: type as never,
      data: data as never,
      commandId,
      ...(delegationId === undefined ? {} : { delegationId }),
      view: () => null,
    });
  }

  private caseCommand(context: HttpCommandContext, h: Household, type: string, data: object, delegationId?: string, suffix = '') {
    const decider = this.ledger.caseDecider as unknown as Decider<never, never, unknown>;
    const id = `seed-${h.caseId}-${type}${suffix}`;
    return this.send(context, decider, caseStreamIdOf(h.caseId), type, { caseId: h.caseId, ...data }, id, delegationId);
  }

  private async setUp(): Promise<void> {
    const { ledger, city } = this;
    const standards = ledger.standardsDecider as unknown as Decider<never, never, unknown>;
    for (const [k, data] of SHAOXING_2020_STANDARDS.entries()) {
      await this.send(ADMIN, standards, standardStreamId(data.region), 'SetStandard', data, `seed-standard-${k}`);
    }
    const officials = ledger.officialsDecider as unknown as Decider<never, never, unknown>;
    const register = async (officialId: string, role: Role, unit: string, name: string) =>
      this.send(ADMIN, officials, officialStreamId(officialId), 'RegisterOfficial',
        { officialId, roles: [role], unit, personal: { name } }, `seed-official-${officialId}`);
    for (const county of COUNTIES) {
      await register(`reviewer-${county.code}`, 'county-reviewer', county.code, `${county.name}审核员`);
      await register(`supervisor-${county.code}`, 'supervisor', county.code, `${county.name}督查员`);
      await register(`inspector-${county.code}`, 'discipline-inspector', county.code, `${county.name}纪检员`);
    }
    let relative = 0;
    for (const t of city.townships) {
      for (const clerk of t.clerks) await register(clerk, 'intake-clerk', t.code, `${t.name}经办${clerk.slice(-1)}`);
      await register(t.approver, 'township-approver', t.code, `${t.name}审批人`);
      for (const n of [...city.anomalies.transferredApprovers].sort((x, y) => x - y)) {
        if (city.households[n].township === t.code) await register(transferredApproverOf(city, n), 'township-approver', t.code, `${t.name}审批人（二）`);
      }
      // Declared near relatives who are on no case (the ordinary situation).
      const idNumber = personIdNumber(t.county, 19_000_000 + relative++);
      await this.send(ADMIN, officials, officialStreamId(t.approver), 'DeclareNearRelative',
        { officialId: t.approver, personal: { idNumber, name: `${t.name}审批人亲属` }, relation: 'sibling' },
        `seed-declare-${t.approver}-${idNumber}`);
    }
    const delegation = ledger.delegationDecider as unknown as Decider<never, never, unknown>;
    const validTo = `${addMonths(city.month(city.options.months), 1)}-01`;
    for (const t of city.townships) {
      await this.send(as(`reviewer-${t.county}`, 'county-reviewer', t.county), delegation, delegationStreamId(t.code),
        'GrantDelegation', {
          townshipCode: t.code,
          delegationId: t.delegationId,
          programmes: [{ programme: 'dibao' }, { programme: 'tekun' }, { programme: 'temporary', maxAmountFen: 500_000 }],
          validFrom: '2021-01-01',
          validTo,
          document: `绍民〔2021〕${t.code.slice(-3)}号`,
        }, `seed-delegation-${t.delegationId}`);
    }
  }

  private async phase(phase: Phase, i: number, t: Township, households: readonly Household[]): Promise<void> {
    const month = this.city.month(i);
    const last = i === this.city.options.months;
    const a = this.city.anomalies;
    switch (phase) {
      case 'settle':
        this.admitApprovedBy(i - 1);
        if (i > 0) await this.batches.settle(t, month);
        return;
      case 'standards':
        this.at(`${month}-03`);
        if (i === standardRiseMonth(this.city.options.months) && this.city.townships.find((x) => x.county === t.county) === t) {
          await this.life.raiseStandard(t.county, month);
        }
        return;
      case 'intake':
        this.at(`${month}-04`);
        if (!last) {
          for (const h of households) {
            if (h.enrolMonth !== i) continue;
            if (a.legacyApprovals.has(h.n)) await this.migrate(t, h);
            else await this.intake(t, h, month);
          }
        }
        for (const h of households) if (a.terminations.get(h.n)?.month === i && h.programme === 'tekun') await this.life.publiciseTermination(t, h);
        return;
      case 'deaths':
        this.at(`${month}-10`);
        for (const h of households) await this.deaths(t, h, i);
        return;
      case 'manage':
        this.at(`${month}-12`);
        for (const h of households) await this.life.manage(t, h, i);
        return;
      case 'changes':
        this.at(`${month}-13`);
        if (i === standardRiseMonth(this.city.options.months)) for (const h of households) await this.life.changeAmount(t, h, month);
        return;
      case 'decide':
        this.at(`${month}-15`);
        if (!last) for (const h of households) if (h.enrolMonth === i && !a.legacyApprovals.has(h.n)) await this.decide(t, h, month);
        for (const h of households) if (a.terminations.get(h.n)?.month === i) await this.life.terminate(t, h);
        return;
      case 'inspect': {
        this.at(`${month}-20`);
        const c = this.inspections.month;
        if (c === null) return;
        if (i === c && this.city.townships[0] === t) await this.inspections.openAndDraw(i);
        this.at(`${month}-20`, 3);
        if (i === c) await this.inspections.inspect(t, c);
        if (i === c + 1) await this.inspections.rectify(t, c);
        return;
      }
      case 'pay':
        this.admitApprovedBy(i);
        if (!last) await this.batches.pay(t, addMonths(month, 1));
        return;
      case 'hold':
        this.at(`${month}-28`, 12);
        for (const h of households) if (a.heldPayments.get(h.n)?.month === i) await this.life.suspend(t, h);
        return;
      default: {
        const _exhaustive: never = phase;
        return _exhaustive;
      }
    }
  }

  private async standardFor(programme: Household['programme'], t: Township, month: string): Promise<object | undefined> {
    if (programme === 'temporary') return undefined;
    const name = programme === 'tekun' ? 'tekun-basic' : 'dibao';
    const key = `${t.code}:${name}:${month}`;
    const cached = this.standardCache.get(key);
    if (cached) return cached;
    const found = await this.ledger.standards.inForce(standardRegionsFor(t.code), name, month);
    if (!found) throw new Error(`no ${name} standard in force in ${t.code} for ${month}`);
    const snapshot = { monthlyFen: found.monthlyFen, effectiveFrom: found.effectiveFrom, standardRef: found.standardRef, programme: name };
    this.standardCache.set(key, snapshot);
    return snapshot;
  }

  private async intake(t: Township, h: Household, month: string): Promise<void> {
    const clerk = as(t.clerks[h.n % 2], 'intake-clerk', t.code);
    const today = `${month}-04`;
    await this.caseCommand(clerk, h, 'SubmitApplication', applicationOf(this.city, t, h));
    await this.caseCommand(clerk, h, 'AcceptApplication', {});
    await this.caseCommand(clerk, h, 'RecordMeansCheck', meansCheckOf(this.city, h, today));
    await this.caseCommand(clerk, h, 'RecordHomeVisit', homeVisitOf(t, h, today));
    const standard = await this.standardFor(h.programme, t, month);
    await this.caseCommand(clerk, h, 'GivePreliminaryOpinion', {
      opinion: 'eligible',
      ...(standard ? { standard } : { proposedAmountFen: h.oneOffFen }),
    });
    await this.caseCommand(clerk, h, 'StartPublicity', { place: '村务公开栏' });
  }

  /**
   * A case the legacy system approved (county confirmation, 2021-01-04) without any 公示 on its
   * record, migrated as recorded (legacy-records.ts): planted for publicity-missing.
   */
  private async migrate(t: Township, h: Household): Promise<void> {
    if (this.resuming) {
      if (await this.ledger.store.findCommand(legacyCommandId(h))) {
        this.skipped++;
        return;
      }
      this.resuming = false;
    }
    const clerk = { id: t.clerks[h.n % 2], role: 'intake-clerk', unit: t.code };
    const approver = { id: t.approver, role: 'township-approver', unit: t.code };
    const reviewer = { id: `reviewer-${t.county}`, role: 'county-reviewer', unit: t.county };
    const applied = '2020-12-07';
    const standard = await this.standardFor(h.programme, t, '2021-01');
    const opinionStandard = await this.standardFor(h.programme, t, '2020-12');
    const steps: LegacyStep[] = [
      { type: 'SubmitApplication', data: applicationOf(this.city, t, h), on: applied, actor: clerk },
      { type: 'AcceptApplication', data: {}, on: applied, actor: clerk },
      { type: 'RecordMeansCheck', data: meansCheckOf(this.city, h, applied), on: applied, actor: clerk },
      { type: 'RecordHomeVisit', data: homeVisitOf(t, h, applied), on: applied, actor: clerk },
      { type: 'GivePreliminaryOpinion', data: { opinion: 'eligible', standard: opinionStandard }, on: '2020-12-08', actor: clerk },
      // The legacy system held no publicity record; the step is decided, its event not carried over.
      { type: 'StartPublicity', data: { place: '村务公开栏' }, on: '2020-12-09', actor: clerk },
      { type: 'SubmitForCountyConfirmation', data: { recommendation: 'approve' }, on: '2020-12-21', actor: approver },
      { type: 'ConfirmCase', data: { outcome: 'approve', standard }, on: '2021-01-04', actor: reviewer },
    ];
    await migrateLegacyCase(this.ledger, h, t, steps);
  }

  private async decide(t: Township, h: Household, month: string): Promise<void> {
    if (this.city.anomalies.stalled.has(h.n)) return;
    const approverId = this.city.anomalies.transferredApprovers.has(h.n) ? transferredApproverOf(this.city, h.n) : t.approver;
    const approver = as(approverId, 'township-approver', t.code);
    const at = this.ledger.clock.now().toISOString();
    const programme = h.programme;
    const { explanation } = await this.ledger.delegations.explain(t.code, at, programme, programme === 'temporary' ? h.oneOffFen : undefined);
    if (!explanation.inForce) throw new Error(`the delegation of ${t.code} is not in force: ${explanation.reason}`);
    const standard = await this.standardFor(programme, t, month);
    await this.caseCommand(
      approver,
      h,
      'ApproveCase',
      { delegation: explanation, ...(standard ? { standard } : { amountFen: h.oneOffFen }) },
      explanation.delegation.delegationId,
    );
    if (this.city.anomalies.nearRelatives.has(h.n)) {
      // Declared late: the approver names the applicant a near relative only after deciding the case.
      const officials = this.ledger.officialsDecider as unknown as Decider<never, never, unknown>;
      await this.send(ADMIN, officials, officialStreamId(t.approver), 'DeclareNearRelative',
        { officialId: t.approver, personal: { idNumber: h.idNumbers[0], name: `户${h.n + 1}成员1` }, relation: 'sibling' },
        `seed-declare-${t.approver}-${h.idNumbers[0]}`);
    }
  }

  /** The batch runner sees the cases the city approved in month `i` or before (see SeedLedger.admit). */
  private admitApprovedBy(i: number): void {
    this.ledger.admit = (caseId) => (this.city.households[Number(caseId.slice(3)) - 1]?.enrolMonth ?? 0) <= i;
  }

  private async deaths(t: Township, h: Household, i: number): Promise<void> {
    const clerk = as(t.clerks[h.n % 2], 'intake-clerk', t.code);
    const late = this.city.anomalies.lateDeaths.get(h.n);
    let diedOn: string | null = null;
    if (h.death?.month === i) diedOn = `${this.city.month(i)}-05`;
    if (late && late.month + 2 === i) diedOn = `${this.city.month(late.month)}-15`;
    if (diedOn === null) return;
    await this.caseCommand(clerk, h, 'RecordMemberDeath', {
      idNumber: h.idNumbers[0],
      diedOn,
      source: { registry: '公安户籍', recordId: `SW-${h.caseId}` },
    });
  }
}
