import { caseStreamIdOf } from '@app/assistance-cases/http';
import { addMonths } from '@app/calendar';
import { delegationStreamId } from '@app/delegation';
import type { Decider } from '@app/ledger/decider';
import { officialStreamId } from '@app/officials';
import { batchIdOf, batchStreamId, type SettlementResult } from '@app/payments';
import type { HttpCommandContext } from '@app/platform';
import { SHAOXING_2020_STANDARDS, standardRegionsFor, standardStreamId } from '@app/standards';
import { CITY, type City, COUNTIES, type Household, personIdNumber, type Township } from './city-model';
import type { SeedLedger } from './seed-ledger';

type Role = 'admin' | 'county-reviewer' | 'intake-clerk' | 'township-approver' | 'supervisor' | 'discipline-inspector';
const as = (sub: string, role: Role, unit: string): HttpCommandContext => ({ principal: { sub, roles: [role], unit } });
const ADMIN = as(`admin-${CITY}`, 'admin', CITY);

/** The phases of a month, each run over every township in turn, so the clock only moves forward. */
export const PHASES = ['settle', 'intake', 'deaths', 'decide', 'pay'] as const;
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
 * Drives the city through the ledger's command path, month by month: intake and investigation on
 * the 4th, deaths from the civil registry on the 10th, decisions on the 15th, the payment run on the
 * 25th and the bank file on the 28th, the bank's results and the reconciliation on the 2nd of the
 * month paid. Every command has an id derived from what it is, so running a step again appends
 * nothing; a resumed run skips the commands the ledger already holds, up to the first it lacks.
 */
export class CitySeeder {
  private resuming = true;
  private skipped = 0;
  private readonly standardCache = new Map<string, object>();

  constructor(
    private readonly ledger: SeedLedger,
    private readonly city: City,
    private readonly progress: SeedProgress = { unit: () => undefined },
  ) {}

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

  private caseCommand(context: HttpCommandContext, h: Household, type: string, data: object, delegationId?: string) {
    const decider = this.ledger.caseDecider as unknown as Decider<never, never, unknown>;
    const id = `seed-${h.caseId}-${type}`;
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
    switch (phase) {
      case 'settle':
        if (i > 0) await this.settle(t, month);
        return;
      case 'intake':
        this.at(`${month}-04`);
        if (!last) for (const h of households) if (h.enrolMonth === i) await this.intake(t, h, month);
        return;
      case 'deaths':
        this.at(`${month}-10`);
        for (const h of households) await this.deaths(t, h, i);
        return;
      case 'decide':
        this.at(`${month}-15`);
        if (!last) for (const h of households) if (h.enrolMonth === i) await this.decide(t, h, month);
        return;
      case 'pay':
        if (!last) await this.pay(t, addMonths(month, 1));
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
    const a = this.city.anomalies;
    const clerk = as(t.clerks[h.n % 2], 'intake-clerk', t.code);
    const today = `${month}-04`;
    const shared = a.sharedAccounts.get(h.n);
    const account = shared ? this.city.households[shared.from].account : h.account;
    const duplicate = a.duplicates.get(h.n);
    const idNumbers = duplicate ? [...h.idNumbers, this.city.households[duplicate.from].idNumbers[0]] : h.idNumbers;
    const relations = ['applicant', 'spouse', 'child', 'child', 'other-dependant'];
    await this.caseCommand(clerk, h, 'SubmitApplication', {
      programme: h.programme,
      ...(h.programme === 'temporary' ? { track: 'full' } : {}),
      townshipCode: t.code,
      household: {
        members: idNumbers.map((idNumber, m) => ({
          relation: duplicate && m === idNumbers.length - 1 ? 'other-dependant' : relations[m],
          personal: { name: `户${h.n + 1}成员${m + 1}`, idNumber },
        })),
        monthlyIncomeFen: h.wagesFen > 0 ? { wages: h.wagesFen } : {},
        assets: { financialFen: 300_000, vehicles: 0, realEstateUnits: 1 },
      },
      personal: h.programme === 'temporary' ? {} : { bankAccount: { bankName: '绍兴银行', accountNumber: account } },
      honestyPledge: true,
      dataCheckAuthorised: true,
      relatedToStaff: { declared: false },
      nearRelativeMatches: [],
    });
    await this.caseCommand(clerk, h, 'AcceptApplication', {});
    await this.caseCommand(clerk, h, 'RecordMeansCheck', {
      reportRef: `HD-${h.caseId}`,
      requestedOn: today,
      reportedOn: today,
      sourcesChecked: ['户籍', '纳税', '社保', '不动产', '车船', '市场主体'],
      findings: {
        monthlyIncomeFen: h.wagesFen > 0 ? { wages: h.wagesFen } : {},
        financialAssetsFen: 300_000,
        vehicles: a.vehicles.has(h.n) ? 1 : 0,
        realEstateUnits: 1,
        businessRegistrations: 0,
        publicPayrollJob: false,
        incomeOverLimit: false,
      },
    });
    await this.caseCommand(clerk, h, 'RecordHomeVisit', {
      visitId: `v-${h.caseId}`,
      visitedOn: today,
      investigatorIds: [...t.clerks],
      byCounty: false,
      mode: 'in-person',
      findings: '住房简陋，收入与申报一致',
    });
    const standard = await this.standardFor(h.programme, t, month);
    await this.caseCommand(clerk, h, 'GivePreliminaryOpinion', {
      opinion: 'eligible',
      ...(standard ? { standard } : { proposedAmountFen: h.oneOffFen }),
    });
    await this.caseCommand(clerk, h, 'StartPublicity', { place: '村务公开栏' });
  }

  private async decide(t: Township, h: Household, month: string): Promise<void> {
    if (this.city.anomalies.stalled.has(h.n)) return;
    const approver = as(t.approver, 'township-approver', t.code);
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

  private async pay(t: Township, month: string): Promise<void> {
    const before = addMonths(month, -1);
    const payable = await this.ledger.register.payableCases(t.code);
    if (payable.length === 0) return;
    const clerk = as(t.clerks[0], 'intake-clerk', t.code);
    const batchId = batchIdOf(t.code, month);
    // A resumed run: a batch already sent to the bank takes no more runs.
    if ((await this.batchState(batchId))?.submission !== undefined) return;
    this.at(`${before}-25`);
    this.ledger.ids.enter(`run-${batchId}`);
    await this.ledger.runner.run({ ...clerk, correlationId: `seed-run-${batchId}` }, t.code, month);
    const payments = await this.batchPayments(batchId);
    if (payments.length === 0) return;
    this.at(`${before}-28`);
    const submitKey = `seed-submit-${batchId}`;
    await this.ledger.runner.submit(
      { ...as(t.approver, 'township-approver', t.code), correlationId: submitKey, idempotencyKey: submitKey },
      batchId,
      `SXBANK-${batchId}`,
    );
  }

  private async settle(t: Township, month: string): Promise<void> {
    const batchId = batchIdOf(t.code, month);
    // A resumed run: a reconciled batch is finished (a second reconciliation would be a new event).
    if (((await this.batchState(batchId))?.reconciliations.length ?? 0) > 0) return;
    const payments = await this.batchPayments(batchId);
    if (payments.length === 0) return;
    this.at(`${month}-02`);
    const clerk = { ...as(t.clerks[0], 'intake-clerk', t.code), correlationId: `seed-settle-${batchId}` };
    const results: SettlementResult[] = payments.map((paymentId, k) => ({
      paymentId,
      outcome: 'paid',
      bankReference: `BK-${batchId}-${k + 1}`,
    }));
    this.ledger.ids.enter(`settle-${batchId}`);
    await this.ledger.runner.settle(clerk, batchId, results);
    this.ledger.ids.enter(`reconcile-${batchId}`);
    await this.ledger.runner.reconcile({ ...clerk, correlationId: `seed-reconcile-${batchId}` }, batchId);
  }

  private async batchPayments(batchId: string): Promise<string[]> {
    return (await this.batchState(batchId))?.payments.map((p) => p.paymentId) ?? [];
  }

  private async batchState(batchId: string) {
    const events = await this.ledger.store.readStream(batchStreamId(batchId)).catch(() => []);
    if (events.length === 0) return undefined;
    const { evolve, initialState } = this.ledger.batchDecider;
    return events.reduce((s, e) => evolve(s, e as never), initialState());
  }
}
