import type { MeansCheckReported } from '@app/assistance-cases/case-investigation.events';
import type { IntegrityRule, RuleFinding, Severity } from './integrity-rule';
import { asCaseInput, caseTypes, ruleHead, step } from './rule-support';

/**
 * 核对异常仍批准: the latest 核对报告 of a case shows what DOMAIN §7's data matches look for — a
 * vehicle, real estate beyond the home, a business registration (工商/个体), a public-payroll job
 * (财政供养), income over the limit — and the case is approved anyway. A later report replaces an
 * earlier one (a re-check after the vehicle was sold clears it). Asset thresholds are local
 * (DOMAIN §2: "thresholds are local"): they are options, with defaults that allow the household's
 * own home and nothing else. One finding per case and report: `<caseId>:<reportRef>`.
 *
 * State: per case whose latest report shows something, that report's flags and event.
 */
export const MEANS_CHECK_IGNORED = 'means-check-ignored';

/** What a report may show before it counts against approval; local settings. */
export interface MeansCheckLimits {
  readonly maxVehicles: number;
  /** Dwellings beyond these are assets over the limit; 1 lets the household's own home pass. */
  readonly maxRealEstateUnits: number;
  readonly maxBusinessRegistrations: number;
  /** Financial assets (deposits, securities, internet finance) in 分; null: not judged here. */
  readonly maxFinancialAssetsFen: number | null;
}

export const DEFAULT_MEANS_CHECK_LIMITS: MeansCheckLimits = Object.freeze({
  maxVehicles: 0,
  maxRealEstateUnits: 1,
  maxBusinessRegistrations: 0,
  maxFinancialAssetsFen: null,
});

type Flag =
  | 'vehicle'
  | 'real-estate'
  | 'business-registration'
  | 'public-payroll-job'
  | 'income-over-limit'
  | 'financial-assets';

const FLAG_TEXT: Readonly<Record<Flag, string>> = {
  vehicle: '车辆',
  'real-estate': '房产',
  'business-registration': '工商登记',
  'public-payroll-job': '财政供养人员',
  'income-over-limit': '收入超标',
  'financial-assets': '金融资产超标',
};

interface Report {
  readonly eventId: string;
  readonly reportRef: string;
  readonly reportedOn: string;
  readonly flags: readonly Flag[];
}

export interface MeansCheckIgnoredState {
  readonly reports: Map<string, Report>;
}

export function meansCheckIgnoredRule(
  limits: MeansCheckLimits = DEFAULT_MEANS_CHECK_LIMITS,
  severity: Severity = 'high',
): IntegrityRule<MeansCheckIgnoredState> {
  return {
    ...ruleHead(MEANS_CHECK_IGNORED, '核对发现车辆、房产、工商登记、财政供养或收入超标仍予批准', severity, [
      ...caseTypes('MeansCheckReported', 'CaseApproved'),
    ]),
    initialState: () => ({ reports: new Map() }),
    evolve(state, input) {
      const c = asCaseInput(input);
      if (c === undefined) return step(state);
      const event = c.event;
      if (event.type === 'MeansCheckReported') {
        const flags = flagsOf(event.data.findings, limits);
        if (flags.length === 0) state.reports.delete(c.caseId);
        else {
          const { reportRef, reportedOn } = event.data;
          state.reports.set(c.caseId, { eventId: event.eventId, reportRef, reportedOn, flags });
        }
        return step(state);
      }
      if (event.type !== 'CaseApproved') return step(state);
      const report = state.reports.get(c.caseId);
      if (report === undefined) return step(state);
      const finding: RuleFinding = {
        key: `${c.caseId}:${report.reportRef}`,
        township: c.township,
        caseId: c.caseId,
        evidence: [report.eventId, event.eventId],
        summary:
          `案件${c.caseId}核对报告${report.reportRef}显示${report.flags.map((f) => FLAG_TEXT[f]).join('、')}，` +
          `仍于${event.data.decidedOn}获批准`,
        details: {
          reportRef: report.reportRef,
          reportedOn: report.reportedOn,
          flags: [...report.flags],
          decidedOn: event.data.decidedOn,
          decidedBy: event.data.decidedBy.officialId,
          level: event.data.decidedBy.level,
        },
        ...(report.flags.includes('public-payroll-job') ? { severity: 'critical' as const } : {}),
      };
      return step(state, [finding]);
    },
  };
}

function flagsOf(findings: MeansCheckReported['data']['findings'], limits: MeansCheckLimits): Flag[] {
  const flags: Flag[] = [];
  if (findings.vehicles > limits.maxVehicles) flags.push('vehicle');
  if (findings.realEstateUnits > limits.maxRealEstateUnits) flags.push('real-estate');
  if (findings.businessRegistrations > limits.maxBusinessRegistrations) flags.push('business-registration');
  if (findings.publicPayrollJob) flags.push('public-payroll-job');
  if (findings.incomeOverLimit) flags.push('income-over-limit');
  if (limits.maxFinancialAssetsFen !== null && findings.financialAssetsFen > limits.maxFinancialAssetsFen) {
    flags.push('financial-assets');
  }
  return flags;
}
