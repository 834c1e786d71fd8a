import { dateInChina } from '@app/calendar';
import { type ReadStore, readProjection } from '@app/projections';
import { WARNINGS_READ_MODEL, WARNINGS_TABLE } from '@app/warnings/read-models/warnings.projection';
import { FINDING_CLASSES, type FindingClass } from '../inspection.events';
import type { FindingRecord, InspectionState, RectificationRecord } from '../inspection.state';
import { CAMPAIGNS_TABLE, INSPECTION_CAMPAIGNS } from './inspection-campaigns.projection';

export interface IntegrityFiguresRequest {
  /** A city, county or township code: every township under it. */
  readonly unit: string;
  /** First day counted (China date, inclusive); the start of the ledger when absent. */
  readonly from?: string;
  /** Last day counted (inclusive); overdue rectifications are taken as of this day. */
  readonly to: string;
}

export interface TownshipFigures {
  readonly township: string;
  /** Cases of the township drawn into a campaign sample in the window. */
  readonly sampledCases: number;
  /** Sampled cases with a visit (明查 or 暗访) in the window. */
  readonly visitedSampledCases: number;
  /** Of the visited sampled cases, those with a finding on the case recorded by `to`. */
  readonly sampledCasesWithFinding: number;
  /** sampledCasesWithFinding / visitedSampledCases, three decimals; null when none was visited. */
  readonly spotCheckErrorRate: number | null;
  /** Findings recorded in the window (about a case or not), and the amounts they name, in fen. */
  readonly findings: number;
  readonly findingsAmountFen: number;
  /** Warnings closed in the window with the finding `confirmed` (the `warnings` read model). */
  readonly confirmedWarnings: number;
  /** Rectifications ordered by `to`, past their deadline then and not yet reported done by then. */
  readonly overdueRectifications: number;
}

export interface OfficialFigures {
  /** As the findings name the responsible official (a free identifier). */
  readonly official: string;
  readonly townships: readonly string[];
  readonly findings: number;
  /** The whole amount of every finding naming the official; a finding naming two counts for both. */
  readonly amountFen: number;
  readonly byClass: readonly { readonly findingClass: FindingClass; readonly name: string; readonly count: number; readonly amountFen: number }[];
}

export interface IntegrityFigures {
  readonly unit: string;
  readonly from: string | null;
  readonly to: string;
  readonly townships: readonly TownshipFigures[];
  readonly officials: readonly OfficialFigures[];
}

type Counts = { -readonly [K in Exclude<keyof TownshipFigures, 'township' | 'spotCheckErrorRate'>]: number };

/**
 * Township and official integrity figures (issue 8 item 4), computed at query time from two read
 * models: the campaign rows of `inspection_campaigns` (each the whole folded campaign) and the
 * warning rows of `warnings`. No table of its own: campaigns are few, and every figure depends on
 * the window asked for, so a stored aggregate would be one per window. Rebuilding either read model
 * rebuilds these figures.
 */
export async function integrityFigures(store: ReadStore, request: IntegrityFiguresRequest): Promise<IntegrityFigures> {
  const { unit, to } = request;
  const from = request.from ?? '';
  const inWindow = (date: string) => date >= from && date <= to;
  const covered = (township: string) => township.startsWith(unit);

  const campaigns = await readProjection(store, INSPECTION_CAMPAIGNS, async (read, table) =>
    // A campaign run by the unit or below it, or by a unit above it (a city campaign over a county).
    (await read.all<{ state: string }>(
      `SELECT state FROM ${table(CAMPAIGNS_TABLE)} WHERE unit LIKE ? OR ? LIKE unit || '%' ORDER BY campaign_id`,
      [`${unit}%`, unit],
    )).map((row) => JSON.parse(row.state) as InspectionState),
  );
  const confirmed = await readProjection(store, WARNINGS_READ_MODEL, (read, table) =>
    read.all<{ township: string; n: number | string }>(
      `SELECT township_code AS township, COUNT(*) AS n FROM ${table(WARNINGS_TABLE)}
       WHERE township_code LIKE ? AND finding = 'confirmed' AND closed_on IS NOT NULL AND closed_on >= ? AND closed_on <= ?
       GROUP BY township_code`,
      [`${unit}%`, from, to],
    ),
  );

  const townships = new Map<string, Counts>();
  const countsOf = (township: string): Counts => {
    let found = townships.get(township);
    if (!found) {
      found = { sampledCases: 0, visitedSampledCases: 0, sampledCasesWithFinding: 0, findings: 0, findingsAmountFen: 0, confirmedWarnings: 0, overdueRectifications: 0 };
      townships.set(township, found);
    }
    return found;
  };
  const officials = new Map<string, { townships: Set<string>; findings: FindingRecord[] }>();

  for (const campaign of campaigns) {
    const sample = campaign.draw?.sample ?? [];
    if (campaign.draw && inWindow(dateInChina(campaign.draw.drawnAt))) {
      for (const s of sample) if (covered(s.townshipCode)) countsOf(s.townshipCode).sampledCases += 1;
    }
    const visited = new Set(campaign.visits.filter((v) => v.caseId !== null && inWindow(v.visitedOn)).map((v) => v.caseId as string));
    const withFinding = new Set(campaign.findings.filter((f) => f.caseId !== null && f.recordedOn <= to).map((f) => f.caseId as string));
    for (const s of sample) {
      if (!covered(s.townshipCode) || !visited.has(s.caseId)) continue;
      const c = countsOf(s.townshipCode);
      c.visitedSampledCases += 1;
      if (withFinding.has(s.caseId)) c.sampledCasesWithFinding += 1;
    }
    for (const f of campaign.findings) {
      if (!covered(f.townshipCode) || !inWindow(f.recordedOn)) continue;
      const c = countsOf(f.townshipCode);
      c.findings += 1;
      c.findingsAmountFen += f.amountFen;
      for (const official of new Set(f.responsibleOfficials)) {
        const entry = officials.get(official) ?? { townships: new Set<string>(), findings: [] };
        entry.townships.add(f.townshipCode);
        entry.findings.push(f);
        officials.set(official, entry);
      }
    }
    for (const r of campaign.rectifications) {
      if (covered(r.townshipCode) && overdueOn(r, to)) countsOf(r.townshipCode).overdueRectifications += 1;
    }
  }
  for (const row of confirmed) countsOf(String(row.township)).confirmedWarnings = Number(row.n);

  return {
    unit,
    from: request.from ?? null,
    to,
    townships: [...townships]
      .sort(([a], [b]) => compare(a, b))
      .map(([township, c]) => ({
        township,
        ...c,
        spotCheckErrorRate: c.visitedSampledCases === 0 ? null : Math.round((c.sampledCasesWithFinding / c.visitedSampledCases) * 1000) / 1000,
      })),
    officials: [...officials]
      .sort(([a], [b]) => compare(a, b))
      .map(([official, { townships: where, findings }]) => officialFigures(official, [...where].sort(), findings)),
  };
}

/**
 * Overdue on `day` as far as the folded campaign can tell: ordered by then, due before it, and not
 * reported done by then (a completion sent back by its verification counts as never reported).
 */
function overdueOn(r: RectificationRecord, day: string): boolean {
  if (r.orderedOn > day || day <= r.dueBy) return false;
  return r.completedOn === null || r.completedOn > day;
}

function officialFigures(official: string, townships: string[], findings: readonly FindingRecord[]): OfficialFigures {
  const byClass = new Map<FindingClass, { count: number; amountFen: number }>();
  for (const f of findings) {
    const entry = byClass.get(f.findingClass) ?? { count: 0, amountFen: 0 };
    entry.count += 1;
    entry.amountFen += f.amountFen;
    byClass.set(f.findingClass, entry);
  }
  return {
    official,
    townships,
    findings: findings.length,
    amountFen: findings.reduce((sum, f) => sum + f.amountFen, 0),
    byClass: [...byClass]
      .sort(([a], [b]) => compare(a, b))
      .map(([findingClass, e]) => ({ findingClass, name: FINDING_CLASSES[findingClass], ...e })),
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
