import { caseStreamIdOf } from '@app/assistance-cases/http';
import { DomainError } from '@app/ledger';
import type { Decider } from '@app/ledger/decider';
import { officialStreamId } from '@app/officials';
import type { HttpCommandContext } from '@app/platform';
import { standardStreamId } from '@app/standards';
import { type City, type Household, STANDARD_RISE_FEN, standardRiseMonth, type Township } from './city-model';
import { ADMIN, as, type SeedLedger } from './seed-ledger';


/** What the case's life needs of the seeder: its one command path and its standards cache. */
export interface SeedCommands {
  send(
    context: HttpCommandContext,
    decider: Decider<never, never, unknown>,
    streamId: string,
    type: string,
    data: object,
    commandId: string,
    delegationId?: string,
  ): Promise<void>;
  caseCommand(context: HttpCommandContext, h: Household, type: string, data: object, delegationId?: string, suffix?: string): Promise<void>;
  standardFor(programme: Household['programme'], t: Township, month: string): Promise<object | undefined>;
}

/** The township's second approver of a household planted for decision-authority, transferred away before deciding. */
export function transferredApproverOf(city: City, n: number): string {
  return `approver-${city.households[n].township}-b${n + 1}`;
}

/**
 * 动态管理 of approved cases, through the command path: periodic reviews at the case's cadence
 * (低保 6 months until classified, 特困 yearly: case-management.policy), the amount changes after
 * the mid-year standard rise, terminations (income above the standard; 特困 after its 7-day
 * termination publicity), and the planted suspensions, resumptions and transfers. A command is
 * sent only when the case, read from its stream, is in payment.
 */
export class SeedCaseLife {
  constructor(
    private readonly ledger: SeedLedger,
    private readonly city: City,
    private readonly ops: SeedCommands,
  ) {}

  private async delegationFor(t: Township, programme: Household['programme'], amountFen?: number) {
    const at = this.ledger.clock.now().toISOString();
    const { explanation } = await this.ledger.delegations.explain(t.code, at, programme, amountFen);
    if (!explanation.inForce) throw new Error(`the delegation of ${t.code} is not in force: ${explanation.reason}`);
    return explanation;
  }

  private async caseState(h: Household) {
    const events = await this.ledger.store.readStream(caseStreamIdOf(h.caseId)).catch(() => []);
    const { evolve, initialState } = this.ledger.caseDecider;
    return events.reduce((s, e) => evolve(s, e as never), initialState());
  }

  /** A management decision by the township approver under its delegation. */
  private async managementDecision(t: Township, h: Household, type: string, data: object, suffix = ''): Promise<void> {
    const explanation = await this.delegationFor(t, h.programme);
    const decider = this.ledger.caseDecider as unknown as Decider<never, never, unknown>;
    await this.ops.send(as(t.approver, 'township-approver', t.code), decider, caseStreamIdOf(h.caseId), type,
      { caseId: h.caseId, delegation: explanation, ...data }, `seed-${h.caseId}-${type}${suffix}`, explanation.delegation.delegationId);
  }

  /** Every county's mid-year 低保 rise, recorded on the 3rd with effect from the 1st (a seed assumption). */
  async raiseStandard(county: string, month: string): Promise<void> {
    const standards = this.ledger.standardsDecider as unknown as Decider<never, never, unknown>;
    await this.ops.send(ADMIN, standards, standardStreamId(county), 'SetStandard', {
      region: county, programme: 'dibao', monthlyFen: STANDARD_RISE_FEN, effectiveFrom: `${month}-01`, document: `${county}民〔2021〕低保标准调整（种子假设）`,
    }, `seed-standard-${county}-${month}`);
  }

  /** 增发 after the standard rise, for every 低保 case in payment decided before it, but the planted ones. */
  async changeAmount(t: Township, h: Household, month: string): Promise<void> {
    if (h.programme !== 'dibao' || h.enrolMonth >= this.city.options.months) return;
    const a = this.city.anomalies;
    if (a.standardLags.has(h.n) || a.terminations.get(h.n)?.month === standardRiseMonth(this.city.options.months)) return;
    const state = await this.caseState(h);
    if (state.status !== 'approved' && state.status !== 'suspended') return;
    if ((state.decision?.decidedOn ?? '9999') >= `${month}-01`) return;
    const standard = await this.ops.standardFor('dibao', t, month);
    try {
      await this.managementDecision(t, h, 'ChangeAmount', { reasons: ['低保标准调整，按新标准增发'], standard }, `-${month}`);
    } catch (error) {
      // A household whose income the new standard still does not reach (0 分 before and after): nothing to change.
      if (!(error instanceof DomainError && error.code === 'amount-unchanged')) throw error;
    }
  }

  /** 定期核查 at the case's cadence, the 12th of the month it falls due; transfers and resumptions. */
  async manage(t: Township, h: Household, i: number): Promise<void> {
    const a = this.city.anomalies;
    if (a.transferredApprovers.has(h.n) && h.enrolMonth === i && i < this.city.options.months) {
      const officials = this.ledger.officialsDecider as unknown as Decider<never, never, unknown>;
      const officialId = transferredApproverOf(this.city, h.n);
      await this.ops.send(ADMIN, officials, officialStreamId(officialId), 'DeactivateOfficial',
        { officialId, reason: '调离：调任其他乡镇' }, `seed-deactivate-${officialId}`);
    }
    const held = a.heldPayments.get(h.n);
    if (held && held.month + 2 === i) {
      await this.managementDecision(t, h, 'ResumeCase', { reasons: ['核实后恢复发放'] });
    }
    if (a.terminations.get(h.n)?.month === i && h.programme === 'dibao') await this.reportIncomeRise(t, h, i);
    if (h.programme === 'temporary' || a.stalled.has(h.n)) return;
    const interval = h.programme === 'tekun' ? 12 : 6;
    if (i <= h.enrolMonth || (i - h.enrolMonth) % interval !== 0) return;
    const state = await this.caseState(h);
    if (state.status !== 'approved' && state.status !== 'suspended') return;
    const clerk = as(t.clerks[h.n % 2], 'intake-clerk', t.code);
    await this.ops.caseCommand(clerk, h, 'RecordReview', {
      reviewedOn: `${this.city.month(i)}-12`, outcome: 'unchanged', findings: '家庭人口、收入、财产无变化',
    }, undefined, `-${this.city.month(i)}`);
  }

  private async reportIncomeRise(t: Township, h: Household, i: number): Promise<void> {
    const clerk = as(t.clerks[h.n % 2], 'intake-clerk', t.code);
    await this.ops.caseCommand(clerk, h, 'ReportHouseholdChange', {
      reportedOn: `${this.city.month(i)}-12`, source: 'data-check', summary: '家庭成员就业，月收入超过低保标准',
      monthlyIncomeFen: { wages: STANDARD_RISE_FEN * h.idNumbers.length + 100_000 },
    });
  }

  /** 特困 Art. 25: the proposed termination publicised for 7 days from the 4th. */
  async publiciseTermination(t: Township, h: Household): Promise<void> {
    const clerk = as(t.clerks[h.n % 2], 'intake-clerk', t.code);
    await this.ops.caseCommand(clerk, h, 'StartTerminationPublicity', {
      ground: 'supporter-able', reasons: ['赡养人具备赡养能力'], place: '村务公开栏',
    });
  }

  async terminate(t: Township, h: Household): Promise<void> {
    if (h.programme === 'temporary') return;
    const state = await this.caseState(h);
    if (state.status !== 'approved' && state.status !== 'suspended') return;
    await this.managementDecision(t, h, 'TerminateCase', {
      ...(h.programme === 'dibao' ? { ground: 'income-above-standard' } : {}),
      reasons: [h.programme === 'dibao' ? '家庭人均收入超过低保标准' : '赡养人具备赡养能力，公示无异议'],
    });
  }

  /** Suspended after the month's bank file was sent: the bank pays the held month all the same. */
  async suspend(t: Township, h: Household): Promise<void> {
    await this.managementDecision(t, h, 'SuspendCase', { reasons: ['群众举报家庭收入变化，暂停发放待核实'] });
  }
}
