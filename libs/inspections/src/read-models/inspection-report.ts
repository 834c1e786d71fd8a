import { FINDING_CLASSES, type FindingClass } from '../inspection.events';
import { type InspectionState, isOverdue, type RectificationStatus } from '../inspection.state';

export interface RectificationLine {
  readonly rectificationId: string;
  readonly findingId: string;
  readonly townshipCode: string;
  readonly dueBy: string;
  readonly status: RectificationStatus;
  readonly completedOn: string | null;
  readonly completedLate: boolean;
  readonly overdue: boolean;
}

export interface CampaignReport {
  readonly campaignId: string;
  readonly title: string;
  readonly unit: string;
  readonly asOf: string;
  readonly scope: InspectionState['scope'];
  readonly sample: {
    readonly drawn: boolean;
    readonly treeSize: number | null;
    readonly seed: string | null;
    readonly populationCount: number | null;
    readonly size: number;
  };
  readonly visits: { readonly total: number; readonly open: number; readonly covert: number };
  readonly findings: {
    readonly total: number;
    readonly byClass: readonly { readonly findingClass: FindingClass; readonly name: string; readonly count: number; readonly amountFen: number }[];
  };
  readonly rectifications: {
    readonly total: number;
    /** Verified or closed out (销号). */
    readonly rectified: number;
    readonly closedOut: number;
    readonly awaitingVerification: number;
    readonly overdue: number;
    readonly items: readonly RectificationLine[];
  };
  readonly amounts: {
    /** What the findings name as wrongly paid or withheld. */
    readonly findingsFen: number;
    /** Recovery orders linked to findings, and what was repaid on them when linked. */
    readonly recoveryOrderedFen: number;
    readonly recoveredFen: number;
  };
}

/** The campaign report on `today` (a China local date): overdue is decided then. */
export function campaignReport(state: InspectionState, today: string): CampaignReport {
  const byClass = new Map<FindingClass, { count: number; amountFen: number }>();
  for (const f of state.findings) {
    const entry = byClass.get(f.findingClass) ?? { count: 0, amountFen: 0 };
    entry.count += 1;
    entry.amountFen += f.amountFen;
    byClass.set(f.findingClass, entry);
  }
  const items: RectificationLine[] = state.rectifications.map((r) => ({
    rectificationId: r.rectificationId,
    findingId: r.findingId,
    townshipCode: r.townshipCode,
    dueBy: r.dueBy,
    status: r.status,
    completedOn: r.completedOn,
    completedLate: r.completedLate,
    overdue: isOverdue(r, today),
  }));
  const links = state.findings.flatMap((f) => f.recoveries);
  return {
    campaignId: state.campaignId as string,
    title: state.title,
    unit: state.unit,
    asOf: today,
    scope: state.scope,
    sample: {
      drawn: state.draw !== null,
      treeSize: state.draw?.treeHead.treeSize ?? null,
      seed: state.draw?.seed ?? null,
      populationCount: state.draw?.population.count ?? null,
      size: state.draw?.sample.length ?? 0,
    },
    visits: {
      total: state.visits.length,
      open: state.visits.filter((v) => v.mode === 'open').length,
      covert: state.visits.filter((v) => v.mode === 'covert').length,
    },
    findings: {
      total: state.findings.length,
      byClass: [...byClass.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([findingClass, e]) => ({ findingClass, name: FINDING_CLASSES[findingClass], ...e })),
    },
    rectifications: {
      total: items.length,
      rectified: items.filter((r) => r.status === 'verified' || r.status === 'closed').length,
      closedOut: items.filter((r) => r.status === 'closed').length,
      awaitingVerification: items.filter((r) => r.status === 'completed').length,
      overdue: items.filter((r) => r.overdue).length,
      items,
    },
    amounts: {
      findingsFen: state.findings.reduce((sum, f) => sum + f.amountFen, 0),
      recoveryOrderedFen: links.reduce((sum, l) => sum + l.orderedFen, 0),
      recoveredFen: links.reduce((sum, l) => sum + l.repaidFen, 0),
    },
  };
}

const STATUS_ZH: Record<RectificationStatus, string> = { ordered: '整改中', completed: '待核实', verified: '已核实', closed: '已销号' };

/** One line per finding, zh-CN headers, RFC 4180 quoting; amounts in 元 with two decimals. */
export function campaignReportCsv(state: InspectionState, today: string): string {
  const header = ['专项治理编号', '问题编号', '乡镇（街道）', '案件编号', '问题类别', '问题金额（元）', '责任人', '整改编号', '整改期限', '整改状态', '是否逾期', '追回金额（元）'];
  const rows = state.findings.map((f) => {
    const r = state.rectifications.find((x) => x.findingId === f.findingId);
    const recovered = f.recoveries.reduce((sum, l) => sum + l.repaidFen, 0);
    return [
      state.campaignId ?? '',
      f.findingId,
      f.townshipCode,
      f.caseId ?? '',
      FINDING_CLASSES[f.findingClass],
      yuan(f.amountFen),
      f.responsibleOfficials.join('、'),
      r?.rectificationId ?? '',
      r?.dueBy ?? '',
      r ? STATUS_ZH[r.status] : '未下达整改',
      r && isOverdue(r, today) ? '是' : '否',
      yuan(recovered),
    ];
  });
  return [header, ...rows].map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

function yuan(fen: number): string {
  return (fen / 100).toFixed(2);
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
